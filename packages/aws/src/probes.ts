import {
  type Issue,
  type ProbeResult,
  resolveSpec,
  type StaticLookups,
  sinkEventbridge,
  sinkKinesis,
  sinkS3,
  sinkSns,
  sinkSqs,
  sourceS3,
  sourceSqs,
} from '@sluice/assets'
import { type AwsCalls, type CredentialSummary, sdkCalls } from './aws-calls.ts'
import type { AwsClients } from './clients.ts'
import { startDeadline } from './deadline.ts'
import {
  probeSinkEventbridge,
  probeSinkKinesis,
  probeSinkS3,
  probeSinkSns,
  probeSinkSqs,
  probeSourceS3,
  probeSourceSqs,
} from './probe-assets.ts'
import { type ProbeContext, probeStep } from './probe-step.ts'

/** The identity a connection's credentials resolve to. */
export interface CallerIdentity {
  account: string
  arn: string
}

/** Limits of one test: a time budget for all its calls, and the caller's cancellation. */
export interface ProbeOptions {
  timeoutMs: number
  signal?: AbortSignal
}

/** The asset kinds {@link probeAsset} knows. */
export const PROBED_KINDS = [
  'source.sqs',
  'source.s3',
  'sink.s3',
  'sink.sqs',
  'sink.sns',
  'sink.kinesis',
  'sink.eventbridge',
] as const

function describeCredentials(summary: CredentialSummary): string {
  if (summary.kind === 'anonymous')
    return 'anonymous: requests are sent unsigned, so there is no identity to check'
  if (summary.kind === 'long-term' || summary.expiration === undefined)
    return 'long-term credentials resolved'
  const minutes = Math.round((summary.expiration.getTime() - Date.now()) / 60_000)
  return `temporary credentials resolved, valid until ${summary.expiration.toISOString()} (${minutes} min)`
}

/** {@link probeConnection} over any {@link AwsCalls}; unit tests pass fakes. */
export async function probeConnectionWith(
  calls: AwsCalls,
  options: ProbeOptions,
): Promise<{ identity?: CallerIdentity; probes: ProbeResult[] }> {
  const deadline = startDeadline(options.timeoutMs, options.signal)
  const ctx: ProbeContext = { calls, deadline }
  try {
    const credentials = await probeStep(
      ctx,
      'Resolve credentials',
      'resolveCredentials',
      () => calls.resolveCredentials(),
      describeCredentials,
    )
    if (credentials.value === undefined || credentials.value.kind === 'anonymous')
      return { probes: [credentials.result] }
    const caller = await probeStep(
      ctx,
      'GetCallerIdentity',
      'getCallerIdentity',
      (signal) => calls.getCallerIdentity(signal),
      (value) => `${value.arn} in account ${value.account}`,
    )
    return {
      ...(caller.value === undefined ? {} : { identity: caller.value }),
      probes: [credentials.result, caller.result],
    }
  } finally {
    deadline.dispose()
  }
}

/**
 * Tests a connection: its credentials resolve and `sts:GetCallerIdentity` answers. Never throws;
 * every failure is a probe with a code and a message naming what to fix. Bounded by `timeoutMs`.
 */
export function probeConnection(
  clients: AwsClients,
  options: ProbeOptions,
): Promise<{ identity?: CallerIdentity; probes: ProbeResult[] }> {
  return probeConnectionWith(sdkCalls(clients), options)
}

function refused(kind: string, code: string, message: string): ProbeResult[] {
  return [{ name: `Check the ${kind} spec`, ok: false, code, message, durationMs: 0 }]
}

function invalidSpec(kind: string, issues: readonly Issue[]): ProbeResult[] {
  if (issues.length === 0)
    return refused(kind, 'aws.invalid-spec', 'the spec cannot be probed: it does not fit its schema.')
  const shown = issues.slice(0, 5).map((i) => `${i.path || '/'}: ${i.message}`)
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : ''
  return refused(kind, 'aws.invalid-spec', `the spec cannot be probed: ${shown.join('; ')}${more}`)
}

/** Probes run on resolved specs: any static macro left is reported as unresolved. */
const NOTHING_RESOLVES: StaticLookups = {
  lay: () => undefined,
  sec: () => undefined,
  env: () => undefined,
  build: () => undefined,
}

function whenResolved<T>(
  kind: string,
  resolved: { spec?: T; issues: Issue[] },
  probe: (spec: T) => Promise<ProbeResult[]>,
): Promise<ProbeResult[]> | ProbeResult[] {
  return resolved.spec === undefined ? invalidSpec(kind, resolved.issues) : probe(resolved.spec)
}

function dispatch(kind: string, spec: unknown, ctx: ProbeContext): Promise<ProbeResult[]> | ProbeResult[] {
  const lookups = NOTHING_RESOLVES
  switch (kind) {
    case 'source.sqs':
      return whenResolved(kind, resolveSpec(sourceSqs, spec, lookups), (s) => probeSourceSqs(ctx, s))
    case 'source.s3':
      return whenResolved(kind, resolveSpec(sourceS3, spec, lookups), (s) => probeSourceS3(ctx, s))
    case 'sink.s3':
      return whenResolved(kind, resolveSpec(sinkS3, spec, lookups), (s) => probeSinkS3(ctx, s))
    case 'sink.sqs':
      return whenResolved(kind, resolveSpec(sinkSqs, spec, lookups), (s) => probeSinkSqs(ctx, s))
    case 'sink.sns':
      return whenResolved(kind, resolveSpec(sinkSns, spec, lookups), (s) => probeSinkSns(ctx, s))
    case 'sink.kinesis':
      return whenResolved(kind, resolveSpec(sinkKinesis, spec, lookups), (s) => probeSinkKinesis(ctx, s))
    case 'sink.eventbridge':
      return whenResolved(kind, resolveSpec(sinkEventbridge, spec, lookups), (s) =>
        probeSinkEventbridge(ctx, s),
      )
    default:
      return refused(
        kind,
        'aws.unsupported-kind',
        `${kind} has no AWS probe; probes exist for ${PROBED_KINDS.join(', ')}.`,
      )
  }
}

/** {@link probeAsset} over any {@link AwsCalls}; unit tests pass fakes. */
export async function probeAssetWith(
  kind: string,
  spec: unknown,
  calls: AwsCalls,
  options: ProbeOptions,
): Promise<ProbeResult[]> {
  const deadline = startDeadline(options.timeoutMs, options.signal)
  try {
    return await dispatch(kind, spec, { calls, deadline })
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    return refused(kind, 'aws.probe-failed', `the probe could not run: ${why}`)
  } finally {
    deadline.dispose()
  }
}

/**
 * Probes a source or sink asset with the calls it will make at run time (HeadBucket or
 * ListObjectsV2 on the prefix, GetQueueAttributes, GetTopicAttributes, DescribeStreamSummary,
 * DescribeEventBus, …). `spec` is the asset's resolved spec; omitted defaults are filled in. Each
 * failure names the IAM action it needs. Never throws; bounded by `timeoutMs`.
 */
export function probeAsset(
  kind: string,
  spec: unknown,
  clients: AwsClients,
  options: ProbeOptions,
): Promise<ProbeResult[]> {
  return probeAssetWith(kind, spec, sdkCalls(clients), options)
}
