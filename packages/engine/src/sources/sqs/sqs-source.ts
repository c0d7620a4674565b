import type { SpecOf, sourceSqs } from '@sluice/assets'
import type { Observable } from 'rxjs'
import type { ComponentContext, Logger, Source, SourceMetrics } from '../../runtime/contracts.ts'
import { Envelope, type Outcome, type SettleHandler } from '../../runtime/envelope.ts'
import { SourceLifecycle } from '../shared/source-lifecycle.ts'
import { FifoGroups } from './fifo-groups.ts'
import type { HeldMessage, ReceivedMessage } from './held-message.ts'
import { contentReader, systemAttributesToRequest } from './message-content.ts'
import { QueueConsumer } from './queue-consumer.ts'
import { describeQueue, type QueueInfo } from './queue-info.ts'
import type { SqsApi } from './sqs-api.ts'
import type { HeartbeatSettings } from './visibility-heartbeat.ts'

/** A resolved `source.sqs` spec. */
export type SqsSourceSpec = SpecOf<typeof sourceSqs>
type Context = ComponentContext & { metrics: SourceMetrics }

/**
 * Seconds a nacked message stays hidden: none with `immediate`; with `backoff`, `initialSeconds`
 * doubled for each earlier receive, capped at `maxSeconds`.
 */
export function nackDelaySeconds(onNack: SqsSourceSpec['onNack'], receiveCount: number): number {
  if (onNack.mode === 'immediate') return 0
  return Math.min(onNack.maxSeconds, onNack.initialSeconds * 2 ** Math.max(0, receiveCount - 1))
}

/**
 * The heartbeat settings, or `undefined` when it is off. When the visibility a message gets is
 * not longer than the interval (the queue's own timeout is short), the interval is halved to fit,
 * or messages would reappear before their first extension.
 */
export function heartbeatFor(
  spec: SqsSourceSpec,
  queue: QueueInfo,
  log: Logger,
): HeartbeatSettings | undefined {
  const { enabled, intervalSeconds, extensionSeconds } = spec.heartbeat
  if (!enabled) return undefined
  const visibility = spec.visibilityTimeoutSeconds ?? queue.visibilityTimeoutSeconds
  if (intervalSeconds < visibility) return { intervalSeconds, extensionSeconds }
  const fitted = Math.max(1, Math.floor(visibility / 2))
  log.warn(
    { queue: queue.name, visibilityTimeoutSeconds: visibility, intervalSeconds, usedSeconds: fitted },
    'the heartbeat interval is not shorter than the visibility timeout; extending more often',
  )
  return { intervalSeconds: fitted, extensionSeconds: Math.max(extensionSeconds, fitted + 1) }
}

/** The owner of one message's envelope: hands its settlement to the source with the message. */
class HeldDelivery implements SettleHandler {
  private readonly held: HeldMessage
  private readonly onSettled: (held: HeldMessage, outcome: Outcome) => void

  constructor(held: HeldMessage, onSettled: (held: HeldMessage, outcome: Outcome) => void) {
    this.held = held
    this.onSettled = onSettled
  }

  settled(_: Envelope, outcome: Outcome): void {
    this.onSettled(this.held, outcome)
  }
}

/**
 * The `source.sqs` implementation. It long-polls with `pollers` concurrent receives, never holding
 * more than `maxInFlight` messages, and owns every envelope it emits:
 *
 * - `ack` / `ackFiltered`: the message is deleted (`DeleteMessageBatch`, batched and retried).
 * - `nack`: the message is made visible again per `onNack`; SQS counts the receive, so the queue's
 *   redrive policy moves it to its dead-letter queue after `maxReceiveCount` (logged when near).
 * - On FIFO queues a group's next message is emitted only once the one before it is settled; a
 *   nack releases the group's waiting messages too, so the order holds on redelivery.
 *
 * `messages` errors with a coded {@link DeliveryError} when the queue is missing or access is
 * denied; other receive failures are retried with backoff.
 */
export class SqsSource implements Source {
  readonly messages: Observable<Envelope>
  private readonly spec: SqsSourceSpec
  private readonly context: Context
  private readonly api: SqsApi
  private readonly lifecycle: SourceLifecycle
  private readonly groups = new FifoGroups<ReceivedMessage>()
  private readonly content: ReturnType<typeof contentReader>
  private readonly settleHeld = (held: HeldMessage, outcome: Outcome) => this.settled(held, outcome)
  private queue: QueueInfo | undefined
  private consumer: QueueConsumer | undefined

  constructor(spec: SqsSourceSpec, context: Context, api: SqsApi) {
    this.spec = spec
    this.context = context
    this.api = api
    this.content = contentReader(spec)
    this.lifecycle = new SourceLifecycle(context.signal, {
      start: (stopping) => this.start(stopping),
      halt: () => {
        this.consumer?.stop()
        this.releaseWaiting()
      },
      abandon: () => {
        this.consumer?.abandon()
        this.releaseWaiting()
      },
    })
    this.messages = this.lifecycle.messages
  }

  stop(): Promise<void> {
    return this.lifecycle.stop()
  }

  async drained(): Promise<void> {
    await this.lifecycle.whenStarted()
    await this.consumer?.drained()
  }

  private async start(stopping: AbortSignal): Promise<void> {
    const { spec, context } = this
    const queue = await describeQueue(this.api, spec.queue, context.log, stopping)
    if (queue === undefined || stopping.aborted) return
    this.queue = queue
    this.consumer = new QueueConsumer({
      api: this.api,
      queue,
      log: context.log,
      maxHeld: spec.maxInFlight,
      maxMessages: spec.maxMessages,
      waitTimeSeconds: spec.waitTimeSeconds,
      pollers: spec.pollers,
      visibilityTimeoutSeconds: spec.visibilityTimeoutSeconds,
      heartbeat: heartbeatFor(spec, queue, context.log),
      messageAttributeNames: spec.attributeNames,
      systemAttributeNames: systemAttributesToRequest(spec.systemAttributes, queue.fifo),
      onMessages: (received) => this.received(received),
      onFatal: (error) => this.lifecycle.fail(error),
      onCaughtUp: () => context.metrics.caughtUp(),
    })
    this.consumer.start()
    context.log.info({ queue: queue.name, fifo: queue.fifo }, 'receiving from SQS')
  }

  private releaseWaiting(): void {
    for (const { held } of this.groups.abandonAll()) this.consumer?.release(held, 0)
  }

  private received(messages: ReceivedMessage[]): void {
    for (const received of messages) {
      const group = this.groupOf(received.held)
      if (group === undefined || this.groups.admit(group, received)) this.emit(received)
    }
  }

  private emit(received: ReceivedMessage): void {
    const { held } = received
    const { queue, consumer } = this
    if (queue === undefined || consumer === undefined) return
    if (!this.lifecycle.canEmit) {
      consumer.release(held, 0)
      return
    }
    if (queue.maxReceiveCount !== undefined && held.receiveCount >= queue.maxReceiveCount)
      this.context.log.warn(
        {
          messageId: held.messageId,
          receiveCount: held.receiveCount,
          maxReceiveCount: queue.maxReceiveCount,
        },
        'last delivery of this message: one more nack moves it to the dead-letter queue',
      )
    const { body, attributes, meta, decodeError } = this.content(received, queue)
    const envelope = new Envelope(body, new HeldDelivery(held, this.settleHeld), attributes, meta)
    envelope.decodeError = decodeError
    this.lifecycle.emit(envelope)
  }

  private settled(held: HeldMessage, outcome: Outcome): void {
    const consumer = this.consumer
    if (consumer === undefined) return
    const group = this.groupOf(held)
    if (outcome.type !== 'nacked') {
      consumer.delete(held)
      const next = group === undefined ? undefined : this.groups.next(group)
      if (next !== undefined) this.emit(next)
      return
    }
    const delay = nackDelaySeconds(this.spec.onNack, held.receiveCount)
    const maxReceiveCount = this.queue?.maxReceiveCount
    if (maxReceiveCount !== undefined && held.receiveCount >= maxReceiveCount)
      this.context.log.warn(
        {
          messageId: held.messageId,
          deadLetterQueue: this.queue?.deadLetterQueueArn,
          err: outcome.error,
        },
        'nacked on its last delivery; the queue moves it to its dead-letter queue',
      )
    consumer.release(held, delay)
    if (group !== undefined)
      for (const waiting of this.groups.abandon(group)) consumer.release(waiting.held, 0)
  }

  private groupOf(held: HeldMessage): string | undefined {
    return this.queue?.fifo ? held.groupId : undefined
  }
}
