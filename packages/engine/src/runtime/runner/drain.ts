import type { Sink, Source } from '../contracts.ts'
import { retryableError } from '../errors.ts'
import type { Network } from '../graph/network.ts'

/** What a drain found. */
export interface DrainReport {
  /** Messages still unsettled at the deadline, nacked so their sources release them. */
  nacked: number
  /** True when every phase finished before the deadline. */
  clean: boolean
}

const SETTLE_POLL_MS = 20

/**
 * Stops a running workflow within `deadlineMs`: sources stop pulling while sinks are flushed until
 * every message is settled, then sources finish their commits; at the deadline whatever is left is nacked
 * (released for redelivery), then the network and the sinks are closed. A small reserve of the
 * deadline is kept for the nacks and the closing.
 */
export async function drain(
  network: Network,
  sources: readonly Source[],
  sinks: readonly Sink[],
  deadlineMs: number,
): Promise<DrainReport> {
  const deadline = Date.now() + deadlineMs
  const settleBy = deadline - Math.min(2_000, deadlineMs / 5)
  const left = (until: number) => Math.max(0, until - Date.now())
  let stopped = false
  const stopping = Promise.allSettled(sources.map((s) => s.stop())).then(() => {
    stopped = true
  })
  while ((!stopped || network.inFlight > 0) && Date.now() < settleBy) {
    if (network.inFlight === 0) {
      await within(stopping, left(settleBy))
      continue
    }
    const flushed = Promise.allSettled(sinks.map((s) => s.flush())).then(() => sleep(SETTLE_POLL_MS))
    await within(Promise.race([flushed, network.idle()]), left(settleBy))
  }
  let clean = stopped
  const nacked =
    network.inFlight === 0
      ? 0
      : network.nackAll(
          retryableError(
            'workflow.drain-deadline',
            `not delivered within the ${deadlineMs} ms drain deadline; released for redelivery`,
          ),
        )
  clean = nacked === 0 && clean
  clean =
    (await within(Promise.allSettled(sources.map((s) => s.drained())), Math.max(100, left(deadline)))) &&
    clean
  network.close()
  clean =
    (await within(Promise.allSettled(sinks.map((s) => s.close())), Math.max(100, left(deadline)))) && clean
  return { nacked, clean }
}

/** Waits for `promise` at most `ms`; true when it settled in time. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([promise.then(() => true), timeout])
  } finally {
    clearTimeout(timer)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
