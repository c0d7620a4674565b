import type { MessageSystemAttributeName } from '@aws-sdk/client-sqs'
import type { Logger } from '../../runtime/contracts.ts'
import type { DeliveryError } from '../../runtime/errors.ts'
import { backoffMs, sleep } from '../shared/backoff.ts'
import { fatalSourceError } from '../shared/fatal-error.ts'
import { InFlightGate } from '../shared/in-flight.ts'
import { DeleteBatcher, SQS_BATCH_MAX } from './delete-batcher.ts'
import { type HeldMessage, type ReceivedMessage, visibilityLeftSeconds } from './held-message.ts'
import type { QueueInfo } from './queue-info.ts'
import { receiveCutoff } from './receive-cutoff.ts'
import type { Message, SqsApi } from './sqs-api.ts'
import { type HeartbeatSettings, VisibilityHeartbeat } from './visibility-heartbeat.ts'

/** Pause after an empty short poll (waitTimeSeconds 0), so an empty queue is not polled in a tight loop. */
const SHORT_POLL_PAUSE_MS = 200

/**
 * The visibility a receive asks for while the queue is idle (its poller's last receive was empty,
 * or it is the first): what such a poll takes is extended to the full visibility at once. A long
 * poll cut off when the source stops may still have taken a message, which SQS hands to no one
 * until its visibility ends: so that message is back within seconds, not minutes.
 */
export const IDLE_VISIBILITY_SECONDS = 5

/**
 * The longest a receive waits while messages are flowing (its poller's last receive brought some).
 * Such a receive usually returns at once; when the queue has just run dry it returns empty within
 * this, so `stop` waits for it rather than cutting it off with messages SQS may have handed it.
 */
export const BUSY_WAIT_SECONDS = 1

/** How a {@link QueueConsumer} receives. */
export interface QueueConsumerOptions {
  readonly api: SqsApi
  readonly queue: QueueInfo
  readonly log: Logger
  /** Messages held at once (received, not yet deleted or released); receiving pauses at this bound. */
  readonly maxHeld: number
  readonly maxMessages: number
  readonly waitTimeSeconds: number
  readonly pollers: number
  /** Asked for on each receive; the queue's own timeout when undefined. */
  readonly visibilityTimeoutSeconds: number | undefined
  /** Undefined turns the heartbeat off. */
  readonly heartbeat: HeartbeatSettings | undefined
  readonly messageAttributeNames: readonly string[]
  readonly systemAttributeNames: readonly MessageSystemAttributeName[]
  /** Takes the messages of one receive; each hold must end with {@link QueueConsumer.delete} or {@link QueueConsumer.release}. */
  onMessages(messages: ReceivedMessage[]): void
  /** The queue refused for good (missing, access denied); receiving has stopped. */
  onFatal(error: DeliveryError): void
  /** A receive came back empty: the queue has nothing more for now. */
  onCaughtUp?(): void
}

/**
 * Receives from one SQS queue for a source: `pollers` long polls, each asking for no more than
 * the free room under `maxHeld`, so nothing waits in memory beyond that bound. It keeps what it
 * holds hidden with a visibility heartbeat, deletes in batches, and releases on request.
 */
export class QueueConsumer {
  private readonly options: QueueConsumerOptions
  private readonly gate: InFlightGate
  private readonly held = new Set<HeldMessage>()
  private readonly stopping = new AbortController()
  private readonly abandoning = new AbortController()
  private readonly deleter: DeleteBatcher<HeldMessage>
  private readonly heartbeat: VisibilityHeartbeat | undefined
  private pollers: Promise<void>[] = []
  private fatalReported = false

  constructor(options: QueueConsumerOptions) {
    this.options = options
    this.gate = new InFlightGate(options.maxHeld)
    const { api, queue, log } = options
    this.deleter = new DeleteBatcher<HeldMessage>(api, queue.url, log, {
      receiptOf: (held) => held.receiptHandle,
      deleted: (held) => this.finish(held),
      fatal: (error) => fatalSourceError(error, { kind: 'queue', name: queue.name }, 'sqs:DeleteMessage'),
      onFatal: (error) => this.fail(error),
    })
    this.heartbeat =
      options.heartbeat && new VisibilityHeartbeat(api, queue.url, log, options.heartbeat, () => this.held)
  }

  start(): void {
    this.heartbeat?.start()
    for (let i = 0; i < this.options.pollers; i++) this.pollers.push(this.poll())
  }

  /**
   * Stops receiving. A long poll waiting on an idle queue is cut off at once (what SQS may have
   * handed it reappears within {@link IDLE_VISIBILITY_SECONDS}); one sent while messages were
   * flowing waits at most {@link BUSY_WAIT_SECONDS}, and what it brings is released at once.
   * {@link drained} waits for them.
   */
  stop(): void {
    this.stopping.abort()
  }

  /**
   * The workflow stopped for good: cuts off the long polls waiting on an idle queue (what SQS
   * handed them reappears after its visibility timeout) and stops extending the messages still
   * held. A receive sent while messages were flowing is not cut off: it ends within
   * {@link BUSY_WAIT_SECONDS} and what it brings is released at once. Those receives carry no
   * abort signal: arming one adds listeners in the SDK's retry and HTTP layers to every call,
   * which cost about 4 % of the throughput of an SQS → Kinesis flow.
   */
  abandon(): void {
    this.cutOff()
    this.heartbeat?.stop()
  }

  /** Deletes the message (batched); its slot is free once the delete is done. */
  delete(held: HeldMessage): void {
    if (held.state !== 'held') return
    held.state = 'deleting'
    this.deleter.delete(held)
  }

  /** Makes the message visible again after `seconds` (0: at once); its slot is free once that is done. */
  release(held: HeldMessage, seconds: number): void {
    if (held.state !== 'held') return
    held.state = 'releasing'
    const capped = Math.max(0, Math.min(seconds, visibilityLeftSeconds(held, Date.now())))
    const { api, queue, log } = this.options
    void api
      .changeVisibility(queue.url, held.receiptHandle, capped)
      .catch((error: unknown) =>
        log.warn(
          { err: error, messageId: held.messageId },
          'could not release a message; it becomes visible when its visibility timeout ends',
        ),
      )
      .then(() => this.finish(held))
  }

  /** After {@link stop}: resolves once the polls have ended and nothing is held (every message deleted or released). */
  async drained(): Promise<void> {
    await Promise.all(this.pollers)
    await this.gate.idle()
    await this.deleter.flush()
    this.heartbeat?.stop()
  }

  private async poll(): Promise<void> {
    const { signal } = this.stopping
    const { api, queue, log } = this.options
    let failures = 0
    let idle = true
    while (!signal.aborted) {
      const room = await this.gate.acquire(this.options.maxMessages, signal)
      if (room === 0) return
      let messages: Message[]
      const requestedAt = Date.now()
      const shortened = idle && this.idleVisibility < this.visibility
      const cutoff = idle ? receiveCutoff(signal, this.abandoning.signal) : undefined
      const visibilityTimeoutSeconds = shortened ? this.idleVisibility : this.options.visibilityTimeoutSeconds
      const waitTimeSeconds = idle
        ? this.options.waitTimeSeconds
        : Math.min(this.options.waitTimeSeconds, BUSY_WAIT_SECONDS)
      try {
        messages = await api.receive(
          {
            queueUrl: queue.url,
            maxMessages: room,
            waitTimeSeconds,
            ...(visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds }),
            messageAttributeNames: this.options.messageAttributeNames,
            systemAttributeNames: this.options.systemAttributeNames,
          },
          cutoff?.signal,
        )
        failures = 0
      } catch (error) {
        this.gate.release(room)
        if (cutoff?.signal.aborted || this.abandoning.signal.aborted) return
        const fatal = fatalSourceError(error, { kind: 'queue', name: queue.name }, 'sqs:ReceiveMessage')
        if (fatal) {
          this.fail(fatal)
          return
        }
        failures += 1
        const delay = backoffMs(failures, 200, 20_000)
        log.warn({ err: error, queue: queue.name, delayMs: delay }, 'ReceiveMessage failed; retrying')
        await sleep(delay, signal)
        continue
      } finally {
        cutoff?.dispose()
      }
      const received = this.accept(messages.slice(0, room), room, requestedAt, shortened)
      if (shortened && received.length > 0) void this.extend(received.map(({ held }) => held))
      idle = messages.length === 0
      if (idle) this.options.onCaughtUp?.()
      if (idle && this.options.waitTimeSeconds === 0) await sleep(SHORT_POLL_PAUSE_MS, signal)
    }
  }

  /** The visibility messages get while held (the spec's, else the queue's). */
  private get visibility(): number {
    return this.options.visibilityTimeoutSeconds ?? this.options.queue.visibilityTimeoutSeconds
  }

  private get idleVisibility(): number {
    return Math.min(IDLE_VISIBILITY_SECONDS, this.visibility)
  }

  /** Gives messages an idle poll took with a short visibility the full one. */
  private async extend(received: readonly HeldMessage[]): Promise<void> {
    const { api, queue, log } = this.options
    const seconds = this.visibility
    let missed = 0
    let lastError: unknown
    for (let i = 0; i < received.length; i += SQS_BATCH_MAX) {
      const batch = received.slice(i, i + SQS_BATCH_MAX)
      const now = Date.now()
      const failedIds = await api
        .changeVisibilityBatch(
          queue.url,
          batch.map((held, n) => ({ id: String(n), receiptHandle: held.receiptHandle, seconds })),
        )
        .then(
          ({ failed }) => new Set(failed.map((f) => f.id)),
          (error: unknown) => {
            lastError = error
            return undefined
          },
        )
      batch.forEach((held, n) => {
        if (failedIds !== undefined && !failedIds.has(String(n)))
          held.visibleUntil = Math.max(held.visibleUntil, now + seconds * 1000)
        else if (held.state === 'held') missed += 1
      })
    }
    if (missed > 0)
      log.warn(
        { err: lastError, messages: missed, visibilitySeconds: this.idleVisibility },
        'could not extend messages received on an idle queue; they may be delivered twice',
      )
  }

  /** Holds what a receive brought (released at once when stopping); returns the messages passed on. */
  private accept(
    messages: Message[],
    reserved: number,
    requestedAt: number,
    shortened: boolean,
  ): ReceivedMessage[] {
    const now = Date.now()
    const visibility = shortened ? this.idleVisibility : this.visibility
    const received: ReceivedMessage[] = []
    for (const message of messages) {
      if (message.ReceiptHandle === undefined) continue
      const held: HeldMessage = {
        messageId: message.MessageId,
        groupId: message.Attributes?.MessageGroupId,
        receiptHandle: message.ReceiptHandle,
        receivedAt: requestedAt,
        visibleUntil: now + visibility * 1000,
        receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1) || 1,
        state: 'held',
        atVisibilityLimit: false,
      }
      received.push({ message, held })
      this.held.add(held)
    }
    this.gate.release(reserved - received.length)
    if (received.length === 0) return received
    if (this.stopping.signal.aborted) {
      for (const { held } of received) this.release(held, 0)
      return []
    }
    this.options.onMessages(received)
    return received
  }

  private finish(held: HeldMessage): void {
    if (!this.held.delete(held)) return
    this.gate.release(1)
  }

  private cutOff(): void {
    this.stopping.abort()
    this.abandoning.abort()
  }

  private fail(error: DeliveryError): void {
    this.cutOff()
    if (this.fatalReported) return
    this.fatalReported = true
    this.options.onFatal(error)
  }
}
