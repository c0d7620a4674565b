import type { AwsClients } from '@sluice/aws'
import type { Stack } from '../../src/e2e/support/bundle.ts'
import { localClients } from '../../src/sinks/testing/local-stack.ts'

/** Where the emulators listen and what one phase works on. */
export interface Targets {
  /** fauxqs: S3, SQS and SNS. */
  readonly fauxqs: string
  readonly kinesis: string
  readonly queueUrl: string
  readonly topicArn: string
  readonly stream: string
  readonly bucket: string
  readonly key: string
  /** Messages in the queue, or records in the object. */
  readonly count: number
}

/** One measured run, as a phase process prints it. */
export interface PhaseResult {
  readonly phase: string
  readonly items: number
  readonly seconds: number
  readonly perSecond: number
  /** Items per second of this process's CPU time (user and system), which load on the machine disturbs less. */
  readonly perCpuSecond: number
  readonly peakRssMiB: number
  /** RSS of the phase process before the work started (modules loaded, clients not yet used). */
  readonly baselineRssMiB: number
  /** Entries per call over the service maximum, for the engine's sink. */
  readonly batchFill?: number
}

export const REGION = 'us-east-1'

/** This process's resident set size now, in MiB. */
export function rssMiB(): number {
  return Math.round(process.memoryUsage().rss / 2 ** 20)
}

/** CPU seconds this process used since `since` (a `process.cpuUsage()`). */
export function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const

/** The emulators as a `connection.aws` sees them. */
export function stackOf(targets: Pick<Targets, 'fauxqs' | 'kinesis'>): Stack {
  return {
    region: REGION,
    account: '000000000000',
    credentials: { ...CREDENTIALS },
    endpoints: {
      s3: targets.fauxqs,
      sqs: targets.fauxqs,
      sns: targets.fauxqs,
      kinesis: targets.kinesis,
      eventbridge: targets.fauxqs,
      sts: targets.fauxqs,
    },
  }
}

/** SDK clients on the emulators, made as the engine makes its own (HTTP/1.1, one attempt per call). */
export function clientsFor(targets: Pick<Targets, 'fauxqs' | 'kinesis'>): AwsClients {
  return localClients(stackOf(targets))
}

/** Record `n` of the benchmark's NDJSON objects: about 4 KiB of JSON. */
export function objectRecord(n: number): string {
  return JSON.stringify({
    id: n,
    kind: 'order',
    payload: `${n}:`.padEnd(4_000, 'abcdefghijklmnopqrstuvwxyz'),
  })
}

/** A message of the benchmark's queues: about 200 bytes of JSON. */
export function queueMessage(n: number): string {
  return JSON.stringify({ id: n, kind: 'order', pad: 'x'.repeat(160) })
}
