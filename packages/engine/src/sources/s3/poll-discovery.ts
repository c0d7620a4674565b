import type { SpecOf, sourceS3 } from '@sluice/assets'
import type { Logger } from '../../runtime/contracts.ts'
import { ConfigError } from '../../runtime/errors.ts'
import { sleep } from '../shared/backoff.ts'
import type { InFlightGate } from '../shared/in-flight.ts'
import type { Checkpoints } from './checkpoints.ts'
import { type CronExpression, CronSyntaxError, nextCronTime, parseCron } from './cron.ts'
import type { ObjectProcessor } from './object-processor.ts'
import { listCandidates } from './poll-listing.ts'
import type { S3Api } from './s3-api.ts'

type Spec = SpecOf<typeof sourceS3>
type Schedule = Extract<Spec['discovery'], { mode: 'poll' }>['schedule']

/** A cron schedule, parsed and checked. */
export interface CronSchedule {
  readonly cron: CronExpression
  readonly timeZone: string
}

/** What polling needs from the source. */
export interface PollingContext {
  readonly api: S3Api
  readonly spec: Spec
  readonly schedule: Schedule
  /** The parsed schedule when it is a cron one (see {@link cronScheduleOf}). */
  readonly cron: CronSchedule | undefined
  readonly processor: ObjectProcessor
  readonly checkpoints: Checkpoints
  /** Objects read at once (maxObjectsInFlight). */
  readonly objects: InFlightGate
  selects(key: string): boolean
  /** Hands the reading of one object to the source, which waits for it when draining. */
  track(work: Promise<unknown>): void
  readonly stopping: AbortSignal
  readonly log: Logger
}

const SCHEDULE_PATH = '/spec/discovery/schedule'

/**
 * Parses a cron schedule when the source is created, so that an expression that cannot be used
 * (a bad field, a time zone the runtime does not know, a date that never comes) throws a
 * {@link ConfigError} and the workflow reports `failed-config`.
 */
export function cronScheduleOf(schedule: Schedule): CronSchedule | undefined {
  if (schedule.type !== 'cron') return undefined
  try {
    const cron = parseCron(schedule.expression)
    nextCronTime(cron, new Date(), schedule.timeZone)
    return { cron, timeZone: schedule.timeZone }
  } catch (error) {
    if (error instanceof RangeError)
      throw new ConfigError(
        'source.time-zone-invalid',
        `${SCHEDULE_PATH}/timeZone`,
        `"${schedule.timeZone}" is not a time zone this engine knows: ${error.message}`,
      )
    const why = error instanceof CronSyntaxError ? error.message : String(error)
    throw new ConfigError(
      'source.cron-invalid',
      `${SCHEDULE_PATH}/expression`,
      `cannot use the cron schedule: ${why}`,
    )
  }
}

/**
 * Polls the bucket prefix: lists on the schedule (a fixed interval from the end of one listing
 * to the start of the next, or cron times in a time zone), and hands each candidate to the
 * processor while fewer than `maxObjectsInFlight` objects are being read. Objects being read are
 * skipped by the next listing. Ends when `stopping` aborts; rejects with a fatal source error
 * (bucket missing, access denied).
 */
export async function runPolling(context: PollingContext): Promise<void> {
  const { spec, schedule, cron, stopping, objects, checkpoints } = context
  const reading = new Set<string>()
  const waitForNextListing = async () => {
    const delay = cron ? nextCronTime(cron.cron, new Date(), cron.timeZone).getTime() - Date.now() : 0
    if (cron) await sleep(Math.max(0, delay), stopping)
  }
  await waitForNextListing()
  while (!stopping.aborted) {
    const candidates = listCandidates({
      api: context.api,
      spec,
      selects: context.selects,
      skip: async (ref) =>
        reading.has(ref.key) || (await checkpoints.status(ref.bucket, ref.key, ref.etag)) !== undefined,
      now: Date.now,
      signal: stopping,
      log: context.log,
    })
    for await (const ref of candidates) {
      if ((await objects.acquire(1, stopping)) === 0) break
      reading.add(ref.key)
      context.track(
        context.processor.process(ref).finally(() => {
          reading.delete(ref.key)
          objects.release(1)
        }),
      )
    }
    if (schedule.type === 'interval') await sleep(schedule.seconds * 1000, stopping)
    else await waitForNextListing()
  }
}
