import type { Sink } from '../runtime/contracts.ts'
import type { Envelope } from '../runtime/envelope.ts'

/** What a capture sink does with each envelope written to it. */
export type CaptureMode = 'ack' | 'hold' | ((envelope: Envelope) => void)

/** Options of {@link captureSink}. */
export interface CaptureSinkOptions {
  /** `ack` at once (default), `hold` for the test to settle, or a function that settles it. */
  mode?: CaptureMode
  /** Keep what was written (default true; the benchmark's null sink turns it off). */
  record?: boolean
}

/** A sink for tests that keeps what it was given. */
export interface CaptureSink extends Sink {
  /** Every envelope written, in order (when recording). */
  readonly received: readonly Envelope[]
  /** The bodies written, in order (when recording). */
  readonly bodies: readonly unknown[]
  /** Envelopes written and not yet settled, in order (`hold` mode). */
  readonly held: readonly Envelope[]
  readonly written: number
  /** True once `close` was called. */
  readonly closed: boolean
  /** Acks every held envelope; returns how many. */
  ackHeld(): number
}

/**
 * A sink that captures envelopes instead of sending them anywhere. In `hold` mode, `flush`
 * resolves once the test has settled every held envelope, as a real sink's flush does (or after
 * 10 s, so a test that forgets one does not hang).
 */
export function captureSink(options: CaptureSinkOptions = {}): CaptureSink {
  const mode = options.mode ?? 'ack'
  const record = options.record ?? true
  const received: Envelope[] = []
  let held: Envelope[] = []
  let written = 0
  let closed = false
  const settledHeld = () => {
    held = held.filter((e) => !e.isSettled)
    return held.length === 0
  }
  const untilSettled = async () => {
    for (let waited = 0; waited < 10_000 && !settledHeld(); waited += 5)
      await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return {
    write(envelope) {
      written += 1
      if (record) received.push(envelope)
      if (mode === 'ack') envelope.ack()
      else if (mode === 'hold') held.push(envelope)
      else mode(envelope)
    },
    flush: untilSettled,
    async close() {
      closed = true
      await untilSettled()
    },
    ackHeld() {
      let acked = 0
      for (const envelope of held.splice(0)) if (envelope.ack()) acked += 1
      return acked
    },
    received,
    get bodies() {
      return received.map((e) => e.body)
    },
    get held() {
      settledHeld()
      return held
    },
    get written() {
      return written
    },
    get closed() {
      return closed
    },
  }
}
