import type { Sink } from '../../runtime/contracts.ts'
import { Envelope, type SettleHandler } from '../../runtime/envelope.ts'

/** What a fed run ended with. */
export interface FeedResult {
  readonly acked: number
  readonly nacked: number
  readonly firstError: string | undefined
}

/**
 * Feeds `count` envelopes into a sink the way a demand-driven source does: never more than
 * `window` unsettled at once. Closes the sink at the end and waits for every settlement.
 */
export async function feed(
  sink: Sink,
  count: number,
  window: number,
  body: (n: number) => unknown,
): Promise<FeedResult> {
  let unsettled = 0
  let acked = 0
  let nacked = 0
  let firstError: string | undefined
  let wake: (() => void) | undefined
  const owner: SettleHandler = {
    settled(_envelope, outcome) {
      unsettled -= 1
      if (outcome.type === 'nacked') {
        nacked += 1
        firstError ??= outcome.error.message
      } else acked += 1
      const resume = wake
      wake = undefined
      resume?.()
    },
  }
  for (let n = 0; n < count; n++) {
    while (unsettled >= window) await new Promise<void>((resume) => (wake = resume))
    unsettled += 1
    sink.write(new Envelope(body(n), owner))
  }
  await sink.close()
  return { acked, nacked, firstError }
}

/** Samples the process's resident set size until stopped; returns the peak, in MiB. */
export function rssPeak(): () => number {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 25)
  return () => {
    clearInterval(timer)
    return Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024)
  }
}
