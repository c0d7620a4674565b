import type { Logger, SinkMetrics } from '../../runtime/contracts.ts'
import { Envelope, type Outcome, type SettleHandler } from '../../runtime/envelope.ts'
import { DeliveryError } from '../../runtime/errors.ts'

/** Records what a sink reports to its metrics. */
export class RecordingMetrics implements SinkMetrics {
  readonly batches: { entries: number; maxEntries: number }[] = []
  retries = 0

  batchSent(entries: number, maxEntries: number): void {
    this.batches.push({ entries, maxEntries })
  }

  retried(entries: number): void {
    this.retries += entries
  }
}

/** A logger that keeps what it was given, for tests that check nothing secret is logged. */
export class RecordingLog implements Logger {
  readonly lines: { level: string; fields: object; message: string }[] = []
  debug(fields: object, message: string): void {
    this.lines.push({ level: 'debug', fields, message })
  }
  info(fields: object, message: string): void {
    this.lines.push({ level: 'info', fields, message })
  }
  warn(fields: object, message: string): void {
    this.lines.push({ level: 'warn', fields, message })
  }
  error(fields: object, message: string): void {
    this.lines.push({ level: 'error', fields, message })
  }
}

/** The context the batching sinks take, with recorders. */
export function testContext(signal: AbortSignal = new AbortController().signal) {
  return { node: 'sink-under-test', metrics: new RecordingMetrics(), signal, log: new RecordingLog() }
}

/** Owns test envelopes and keeps how each one was settled, and how often. */
export class SettleRecorder implements SettleHandler {
  readonly outcomes = new Map<Envelope, Outcome[]>()

  settled(envelope: Envelope, outcome: Outcome): void {
    this.outcomes.set(envelope, [...(this.outcomes.get(envelope) ?? []), outcome])
  }

  envelope(
    body: unknown,
    attributes: Record<string, string> = {},
    meta: Record<string, unknown> = {},
  ): Envelope {
    return new Envelope(body, this, attributes, meta)
  }

  /** How one envelope ended: `pending`, `acked`, `filtered`, or the nack's error. */
  outcomeOf(envelope: Envelope): 'pending' | 'acked' | 'filtered' | DeliveryError {
    const outcomes = this.outcomes.get(envelope) ?? []
    if (outcomes.length > 1) throw new Error(`envelope settled ${outcomes.length} times`)
    const outcome = outcomes[0]
    if (outcome === undefined) return 'pending'
    if (outcome.type !== 'nacked') return outcome.type
    if (!(outcome.error instanceof DeliveryError)) throw new Error(`nacked with ${outcome.error.name}`)
    return outcome.error
  }

  /** Every envelope's outcome, by type. */
  counts(envelopes: readonly Envelope[]): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const envelope of envelopes) {
      const outcome = this.outcomeOf(envelope)
      const key = typeof outcome === 'string' ? outcome : outcome.permanent ? 'permanent' : 'retryable'
      counts[key] = (counts[key] ?? 0) + 1
    }
    return counts
  }
}
