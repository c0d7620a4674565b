import { describeError } from '../errors.ts'
import type { AwsGateway, BusEvent, ResolvedConnection } from '../probes/aws-gateway.ts'
import type { AuditEvent } from './audit-log.ts'
import type { EventSettings } from './event-settings.ts'

const BATCH = 10
const MAX_QUEUE = 1_000
const MAX_DETAIL_BYTES = 200_000

/** How publishing to EventBridge goes, for the settings view. */
export interface PublisherStatus {
  mode: EventSettings['mode']
  published: number
  failed: number
  dropped: number
  pending: number
  lastError?: string
}

/** Turns an audit event into an EventBridge entry; a huge diff is left out rather than refused. */
export function busEventOf(event: AuditEvent, source: string): BusEvent {
  let detail = JSON.stringify(event)
  if (Buffer.byteLength(detail) > MAX_DETAIL_BYTES)
    detail = JSON.stringify({ ...event, diff: [], diffTruncated: true })
  return { source, detailType: 'Sluice Audit Event', detail, time: new Date(event.at) }
}

/**
 * Publishes audit events to an EventBridge bus when the events mode is `eventbridge`: queued,
 * sent in batches of ten in the background, never holding up a request. Failures are counted and
 * reported through `onError`; past 1,000 waiting events the oldest are dropped and counted.
 */
export class EventPublisher {
  readonly #gateway: AwsGateway
  readonly #settings: () => EventSettings
  readonly #connection: (settings: Extract<EventSettings, { mode: 'eventbridge' }>) => ResolvedConnection
  readonly #onError: (error: unknown) => void
  readonly #queue: AuditEvent[] = []
  #sending: Promise<void> | undefined
  readonly #status: { published: number; failed: number; dropped: number; lastError?: string } = {
    published: 0,
    failed: 0,
    dropped: 0,
  }

  constructor(parts: {
    gateway: AwsGateway
    settings: () => EventSettings
    connection: (settings: Extract<EventSettings, { mode: 'eventbridge' }>) => ResolvedConnection
    onError: (error: unknown) => void
  }) {
    this.#gateway = parts.gateway
    this.#settings = parts.settings
    this.#connection = parts.connection
    this.#onError = parts.onError
  }

  status(): PublisherStatus {
    const { lastError, ...counts } = this.#status
    return {
      mode: this.#settings().mode,
      ...counts,
      pending: this.#queue.length,
      ...(lastError === undefined ? {} : { lastError }),
    }
  }

  /** Queues an event if the mode is `eventbridge`; returns at once. */
  offer(event: AuditEvent): void {
    if (this.#settings().mode !== 'eventbridge') return
    this.#queue.push(event)
    if (this.#queue.length > MAX_QUEUE) {
      this.#queue.splice(0, this.#queue.length - MAX_QUEUE)
      this.#status.dropped += 1
    }
    this.#sending ??= this.#drain().finally(() => {
      this.#sending = undefined
    })
  }

  /** Waits until everything queued has been tried once. */
  async flush(): Promise<void> {
    while (this.#sending) await this.#sending
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const settings = this.#settings()
      const batch = this.#queue.splice(0, BATCH)
      if (settings.mode !== 'eventbridge') return
      try {
        const source = settings.source ?? 'sluice.config-server'
        await this.#gateway.putEvents(
          this.#connection(settings),
          settings.busName,
          batch.map((e) => busEventOf(e, source)),
        )
        this.#status.published += batch.length
      } catch (error) {
        this.#status.failed += batch.length
        this.#status.lastError = describeError(error)
        this.#onError(error)
      }
    }
  }
}
