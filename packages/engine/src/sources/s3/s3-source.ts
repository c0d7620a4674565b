import type { SpecOf, sourceS3 } from '@sluice/assets'
import type { Observable } from 'rxjs'
import type { ComponentContext, Source, SourceMetrics } from '../../runtime/contracts.ts'
import type { Envelope } from '../../runtime/envelope.ts'
import { ConfigError, DeliveryError } from '../../runtime/errors.ts'
import { InFlightGate } from '../shared/in-flight.ts'
import { SourceLifecycle } from '../shared/source-lifecycle.ts'
import { describeQueue } from '../sqs/queue-info.ts'
import type { SqsApi } from '../sqs/sqs-api.ts'
import { Checkpoints } from './checkpoints.ts'
import { keySelector } from './key-filter.ts'
import { NotificationDiscovery } from './notification-discovery.ts'
import { ObjectProcessor } from './object-processor.ts'
import { OpenReads } from './open-reads.ts'
import { type CronSchedule, cronScheduleOf, runPolling } from './poll-discovery.ts'
import type { S3Api } from './s3-api.ts'

/** A resolved `source.s3` spec. */
export type S3SourceSpec = SpecOf<typeof sourceS3>
type Context = ComponentContext & { metrics: SourceMetrics }

/** The service APIs the S3 source calls; SQS only in notification mode. */
export interface S3SourceServices {
  readonly s3: S3Api
  sqs(): SqsApi
  /** Long-poll wait for notifications, 20 s unless a test wants stops to be quick. */
  readonly notificationWaitSeconds?: number
}

/**
 * The `source.s3` implementation. It finds objects by polling the prefix or from S3 event
 * notifications, streams each as records in constant memory (never more than
 * `maxRecordsInFlight` unsettled, `maxObjectsInFlight` objects at once), and owns every envelope:
 *
 * - `ack` / `ackFiltered` of every record of an object commits it: the after-read policy runs,
 *   and `keep` or `tag` store a checkpoint so the object is not read again, even after a restart.
 * - A `nack` with a retryable error stops reading that object and leaves it uncommitted: it is
 *   read again later from the start, so records already acked are delivered again (at-least-once).
 * - A `nack` with a permanent error leaves the object uncommitted and checkpointed as failed.
 *
 * `messages` errors with a coded {@link DeliveryError} when the bucket (or queue) is missing or
 * access is denied.
 */
export class S3Source implements Source {
  readonly messages: Observable<Envelope>
  private readonly spec: S3SourceSpec
  private readonly context: Context
  private readonly services: S3SourceServices
  private readonly lifecycle: SourceLifecycle
  private readonly work = new Set<Promise<unknown>>()
  private readonly cron: CronSchedule | undefined
  private notifications: NotificationDiscovery | undefined

  /** Throws a {@link ConfigError} for a cron schedule that cannot be used. */
  constructor(spec: S3SourceSpec, context: Context, services: S3SourceServices) {
    this.cron = spec.discovery.mode === 'poll' ? cronScheduleOf(spec.discovery.schedule) : undefined
    this.spec = spec
    this.context = context
    this.services = services
    this.lifecycle = new SourceLifecycle(context.signal, {
      start: (stopping) => this.start(stopping),
      halt: () => this.notifications?.stop(),
      abandon: () => this.notifications?.abandon(),
    })
    this.messages = this.lifecycle.messages
  }

  stop(): Promise<void> {
    return this.lifecycle.stop()
  }

  async drained(): Promise<void> {
    await this.lifecycle.whenStarted()
    while (this.work.size > 0) await Promise.allSettled([...this.work])
    await this.notifications?.drained()
  }

  private async start(signal: AbortSignal): Promise<void> {
    const { spec, context, lifecycle } = this
    const checkpoints = new Checkpoints(context.state, context.node)
    const processor = new ObjectProcessor({
      api: this.services.s3,
      spec,
      format: spec.format,
      compression: spec.compression,
      records: new InFlightGate(spec.maxRecordsInFlight),
      reads: new OpenReads(() => context.metrics.caughtUp()),
      canEmit: () => lifecycle.canEmit,
      emit: (envelope) => lifecycle.emit(envelope),
      metrics: context.metrics,
      log: context.log,
      stopping: signal,
      ending: context.signal,
      checkpoints,
    })
    const selects = keySelector(spec)
    const track = (work: Promise<unknown>) => this.track(work)
    const discovery = spec.discovery
    if (discovery.mode === 'poll') {
      track(
        runPolling({
          api: this.services.s3,
          spec,
          schedule: discovery.schedule,
          cron: this.cron,
          processor,
          checkpoints,
          objects: new InFlightGate(spec.maxObjectsInFlight),
          selects,
          track,
          stopping: signal,
          log: context.log,
        }),
      )
      context.log.info({ bucket: spec.bucket, prefix: spec.prefix }, 'polling S3')
      return
    }
    const sqs = this.services.sqs()
    const queue = await describeQueue(sqs, discovery.queue, context.log, signal)
    if (queue === undefined || signal.aborted) return
    this.notifications = new NotificationDiscovery({
      sqs,
      queue,
      spec,
      discovery,
      waitTimeSeconds: this.services.notificationWaitSeconds ?? 20,
      processor,
      selects,
      track,
      onFatal: (error) => this.fail(error),
      stopping: signal,
      log: context.log,
    })
    this.notifications.start()
    context.log.info(
      { bucket: spec.bucket, queue: queue.name },
      'reading S3 objects from event notifications',
    )
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.then(
      () => undefined,
      (error: unknown) => this.fail(error),
    )
    this.work.add(tracked)
    void tracked.finally(() => this.work.delete(tracked))
  }

  private fail(error: unknown): void {
    const failure =
      error instanceof DeliveryError || error instanceof ConfigError
        ? error
        : new DeliveryError(
            'source.failed',
            `the S3 source failed: ${error instanceof Error ? error.message : String(error)}`,
            {
              permanent: true,
              cause: error,
            },
          )
    this.context.log.error({ err: failure }, 'S3 source failed')
    this.lifecycle.fail(failure)
  }
}
