import { Envelope } from '../envelope.ts'

/** An envelope leaving a node by a named port (route nodes); other nodes emit envelopes on `out`. */
export interface Routed {
  readonly port: string
  readonly envelope: Envelope
}

/** What a node's operator emits. */
export type Emission = Envelope | Routed

/** The port and envelope of an emission. */
export function portOf(emission: Emission): string {
  return emission instanceof Envelope ? 'out' : emission.port
}

export function envelopeOf(emission: Emission): Envelope {
  return emission instanceof Envelope ? emission : emission.envelope
}
