import type { SpecOf, sourceS3 } from '@sluice/assets'
import type { Logger } from '../../runtime/contracts.ts'
import type { DeliveryError } from '../../runtime/errors.ts'
import type { ReceivedMessage } from '../sqs/held-message.ts'
import { QueueConsumer } from '../sqs/queue-consumer.ts'
import type { QueueInfo } from '../sqs/queue-info.ts'
import type { SqsApi } from '../sqs/sqs-api.ts'
import { nackDelaySeconds } from '../sqs/sqs-source.ts'
import type { ObjectProcessor } from './object-processor.ts'
import { parseNotification } from './s3-events.ts'

type Spec = SpecOf<typeof sourceS3>
type Notifications = Extract<Spec['discovery'], { mode: 'notifications' }>

/** What notification discovery needs from the source. */
export interface NotificationContext {
  readonly sqs: SqsApi
  readonly queue: QueueInfo
  readonly spec: Spec
  readonly discovery: Notifications
  /** Long-poll wait of each receive; stop waits for the poll under way to end. */
  readonly waitTimeSeconds: number
  readonly processor: ObjectProcessor
  selects(key: string): boolean
  track(work: Promise<unknown>): void
  onFatal(error: DeliveryError): void
  readonly stopping: AbortSignal
  readonly log: Logger
}

const RELEASE_BACKOFF = { mode: 'backoff', initialSeconds: 5, maxSeconds: 900 } as const

/**
 * Reads the objects announced by S3 event notifications on an SQS queue (the scalable mode:
 * several nodes share the queue). A notification is held, its visibility extended, until every
 * object it names is committed; then it is deleted. If an object is left incomplete or fails, the
 * notification is released with a backoff by receive count, so the queue's redrive policy moves
 * a notification that keeps failing to its dead-letter queue. Test events and events for other
 * buckets, keys or event types are deleted without reading anything.
 */
export class NotificationDiscovery {
  private readonly context: NotificationContext
  private readonly consumer: QueueConsumer

  constructor(context: NotificationContext) {
    this.context = context
    const visibility = context.discovery.visibilityTimeoutSeconds
    this.consumer = new QueueConsumer({
      api: context.sqs,
      queue: context.queue,
      log: context.log,
      maxHeld: context.spec.maxObjectsInFlight,
      maxMessages: Math.min(10, context.spec.maxObjectsInFlight),
      waitTimeSeconds: context.waitTimeSeconds,
      pollers: 1,
      visibilityTimeoutSeconds: visibility,
      heartbeat: { intervalSeconds: Math.max(1, Math.floor(visibility / 3)), extensionSeconds: visibility },
      messageAttributeNames: [],
      systemAttributeNames: ['ApproximateReceiveCount'],
      onMessages: (messages) => {
        for (const received of messages) context.track(this.handle(received))
      },
      onFatal: context.onFatal,
    })
  }

  start(): void {
    this.consumer.start()
  }

  stop(): void {
    this.consumer.stop()
  }

  abandon(): void {
    this.consumer.abandon()
  }

  drained(): Promise<void> {
    return this.consumer.drained()
  }

  private async handle({ message, held }: ReceivedMessage): Promise<void> {
    const { spec, discovery, log } = this.context
    const notification = parseNotification(message.Body ?? '', discovery.eventFormat)
    if (notification.type === 'test') {
      this.consumer.delete(held)
      return
    }
    if (notification.type === 'invalid') {
      log.warn(
        { messageId: held.messageId, reason: notification.reason },
        'not an S3 event notification; released, so the redrive policy can move it to the dead-letter queue',
      )
      this.consumer.release(held, nackDelaySeconds(RELEASE_BACKOFF, held.receiveCount))
      return
    }
    const wanted = notification.objects.filter(
      (ref) => ref.bucket === spec.bucket && this.context.selects(ref.key),
    )
    let committed = true
    try {
      for (const ref of wanted) {
        if ((await this.context.processor.process(ref)) !== 'done') committed = false
        if (!committed && this.context.stopping.aborted) break
      }
    } catch (error) {
      this.consumer.release(held, 0)
      throw error
    }
    if (committed) this.consumer.delete(held)
    else
      this.consumer.release(
        held,
        this.context.stopping.aborted ? 0 : nackDelaySeconds(RELEASE_BACKOFF, held.receiveCount),
      )
  }
}
