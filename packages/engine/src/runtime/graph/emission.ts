import type { Envelope } from '../envelope.ts'

/** An envelope leaving a node by a named port (route nodes); other nodes emit envelopes on `out`. */
export interface Routed {
  readonly port: string
  readonly envelope: Envelope
}

/** What a node's operator emits. */
export type Emission = Envelope | Routed
