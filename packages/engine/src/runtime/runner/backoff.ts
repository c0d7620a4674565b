/** Capped exponential backoff with ±20% jitter, for restarting a workflow whose dependency failed. */
export interface Backoff {
  readonly initialMs: number
  readonly maxMs: number
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 60_000 }

/** The delay before attempt `attempt` (0 for the first retry). */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 30))
  return Math.round(base * (0.8 + 0.4 * random()))
}
