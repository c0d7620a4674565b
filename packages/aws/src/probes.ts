import type { ProbeResult } from '@sluice/assets'
import type { AwsClients } from './clients.ts'

/** The identity a connection's credentials resolve to. */
export interface CallerIdentity {
  account: string
  arn: string
}

/**
 * Tests a connection: its credentials resolve and `sts:GetCallerIdentity` answers. Never throws;
 * every failure is a probe with a code and a message naming what to fix. Bounded by `timeoutMs`.
 */
export async function probeConnection(
  _clients: AwsClients,
  _options: { timeoutMs: number },
): Promise<{ identity?: CallerIdentity; probes: ProbeResult[] }> {
  throw new Error('probeConnection: implemented by the @sluice/aws issue work')
}

/**
 * Probes a source or sink asset with the calls it will make at run time (HeadBucket or
 * ListObjectsV2 on the prefix, GetQueueAttributes, GetTopicAttributes, DescribeStreamSummary,
 * DescribeEventBus, …). `spec` is the asset's resolved spec. Each failure names the IAM action it
 * needs. Never throws; bounded by `timeoutMs`.
 */
export async function probeAsset(
  _kind: string,
  _spec: unknown,
  _clients: AwsClients,
  _options: { timeoutMs: number },
): Promise<ProbeResult[]> {
  throw new Error('probeAsset: implemented by the @sluice/aws issue work')
}
