import { seededRandom } from '../../packages/aws-local/src/fault-proxy/faults.ts'

/** One round of the chaos run: after `killAfterMs` of flow, `node` is SIGKILLed, and restarted `downMs` later. */
export interface Round {
  readonly round: number
  readonly node: string
  readonly killAfterMs: number
  readonly downMs: number
}

/** Bounds of the random timings of a round, in milliseconds. */
export interface RoundTimings {
  readonly killAfterMs: readonly [min: number, max: number]
  readonly downMs: readonly [min: number, max: number]
}

export const DEFAULT_TIMINGS: RoundTimings = { killAfterMs: [4_000, 10_000], downMs: [500, 4_000] }

/**
 * The rounds of a run, drawn from `seed`: the same seed gives the same victims and timings. A node
 * is never the victim of two rounds in a row, so every kill hits a node that has been running.
 */
export function killSchedule(
  seed: number,
  rounds: number,
  nodes: readonly string[],
  timings: RoundTimings = DEFAULT_TIMINGS,
): Round[] {
  if (nodes.length < 2) throw new RangeError('a chaos schedule needs at least two nodes')
  const random = seededRandom(seed)
  const between = ([min, max]: readonly [number, number]) => Math.round(min + random() * (max - min))
  const out: Round[] = []
  let last: string | undefined
  for (let round = 1; round <= rounds; round++) {
    const candidates = nodes.filter((n) => n !== last)
    const node = candidates[Math.floor(random() * candidates.length)] ?? candidates[0] ?? ''
    out.push({ round, node, killAfterMs: between(timings.killAfterMs), downMs: between(timings.downMs) })
    last = node
  }
  return out
}
