/**
 * The workload both sides of the Node-RED comparison run: the message shape, the in-flight
 * window and the variants. The Sluice side is `packages/engine/bench/core.ts`; these match it.
 */

/** At most this many messages are unsettled at once on either side (Sluice's `maxInFlight`). */
export const WINDOW = 1_000

/** Messages run before the measured run, in the same process, to warm up the JIT. */
export const WARM_UP = 20_000

/** The body of message `index`: the shape of `core.ts`'s synthetic source. */
export function body(index: number): { id: number; amount: number; customer: string } {
  return { id: index, amount: index % 1000, customer: 'c-42' }
}

/** Messages of `count` that the filter keeps (`amount % 10 != 0`). */
export function keptOf(count: number): number {
  let kept = 0
  for (let i = 0; i < count; i++) if (body(i).amount % 10 !== 0) kept++
  return kept
}

/** How the map and filter are written on the Node-RED side. */
export type NodeRedVariant = 'function' | 'jsonata'

/** One pairing of the report: a Sluice variant of `core.ts` beside a Node-RED flow. */
export interface Pairing {
  readonly label: string
  /** The name of the variant in `core.ts`'s `variants`. */
  readonly sluice: string
  readonly nodeRed: NodeRedVariant
  /** What each side does, for the report. */
  readonly sluiceDoes: string
  readonly nodeRedDoes: string
}

export const PAIRINGS: readonly Pairing[] = [
  {
    label: 'JavaScript map and filter',
    sluice: 'native JS processors',
    nodeRed: 'function',
    sluiceDoes: 'map and filter nodes compiled to plain JavaScript functions',
    nodeRedDoes: 'two function nodes (the same JavaScript, run in their vm sandbox)',
  },
  {
    label: 'JSONata map and filter, as each runs it',
    sluice: 'JSONata, fast path',
    nodeRed: 'jsonata',
    sluiceDoes: 'JSONata expressions; both fit the synchronous fast path, so no jsonata call per message',
    nodeRedDoes: 'a change node (set payload, JSONata) and a switch node (JSONata rule, otherwise)',
  },
  {
    label: 'JSONata library on every message',
    sluice: 'JSONata library only',
    nodeRed: 'jsonata',
    sluiceDoes: 'the same expressions with the fast path off: jsonata 2.2.2 evaluates each message',
    nodeRedDoes: 'the same change and switch nodes (jsonata 2.2.2 too)',
  },
]

/** What one side measured in its own process, printed as one JSON line. */
export interface SideResult {
  readonly side: 'sluice' | 'node-red'
  readonly variant: string
  readonly messages: number
  /** Messages per second of wall time, from the first message fed to the last one settled. */
  readonly perSecond: number
  /** CPU time (user and system) of the process per message, in microseconds. */
  readonly cpuMicrosPerMessage: number
  /** Peak resident memory of the process, in MiB. */
  readonly peakRssMiB: number
}

/** Reads the last {@link SideResult} line from a side's output. */
export function sideResultOf(output: string): SideResult | undefined {
  let found: SideResult | undefined
  for (const line of output.split('\n')) {
    if (!line.startsWith('{"side"')) continue
    const value: unknown = JSON.parse(line)
    if (
      typeof value === 'object' &&
      value !== null &&
      'side' in value &&
      (value.side === 'sluice' || value.side === 'node-red') &&
      'variant' in value &&
      typeof value.variant === 'string' &&
      'messages' in value &&
      typeof value.messages === 'number' &&
      'perSecond' in value &&
      typeof value.perSecond === 'number' &&
      'cpuMicrosPerMessage' in value &&
      typeof value.cpuMicrosPerMessage === 'number' &&
      'peakRssMiB' in value &&
      typeof value.peakRssMiB === 'number'
    )
      found = {
        side: value.side,
        variant: value.variant,
        messages: value.messages,
        perSecond: value.perSecond,
        cpuMicrosPerMessage: value.cpuMicrosPerMessage,
        peakRssMiB: value.peakRssMiB,
      }
  }
  return found
}

/** Peak RSS of this process so far, in MiB. */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024)
}
