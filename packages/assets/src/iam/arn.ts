import { MacroSyntaxError, parseTemplate } from '../macros/parse.ts'
import { isMacroText } from '../spec/authored.ts'
import type { IamContext } from './types.ts'

const REGION = /^[a-z]{2}(-[a-z0-9]+)+-\d+$/
const PARTITIONS: readonly (readonly [string, string])[] = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-iso-', 'aws-iso'],
]

/** The ARN partition of a region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, and so on; `aws` otherwise. */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws'
}

/** True when `value` is already an ARN. */
export function isArn(value: string): boolean {
  return value.startsWith('arn:')
}

/** The ARN of an S3 bucket, for bucket-level actions such as `s3:ListBucket`. */
export function bucketArn(ctx: IamContext, bucket: string): string {
  return `arn:${ctx.partition}:s3:::${bucket}`
}

/** The ARN of every object under `prefix` in a bucket, for object-level actions such as `s3:GetObject`. */
export function objectArn(ctx: IamContext, bucket: string, prefix = ''): string {
  return `arn:${ctx.partition}:s3:::${bucket}/${prefix}*`
}

/** True when `queue` is a queue URL rather than a queue name. */
export function isQueueUrl(queue: string): boolean {
  return /^https?:\/\//.test(queue)
}

/** The name of a queue given by URL, ARN or name: the last segment. */
export function queueNameOf(queue: string): string {
  if (isArn(queue)) return queue.split(':').at(-1) ?? queue
  if (!isQueueUrl(queue)) return queue
  return new URL(queue).pathname.split('/').filter(Boolean).at(-1) ?? queue
}

/**
 * The ARN of an SQS queue given by URL, name or ARN. A URL supplies the account (its first path
 * segment, when numeric) and, for AWS hosts, the region; otherwise the context's are used.
 */
export function queueArn(ctx: IamContext, queue: string): string {
  if (isArn(queue)) return queue
  if (!isQueueUrl(queue)) return `arn:${ctx.partition}:sqs:${ctx.region}:${ctx.account}:${queue}`
  const url = new URL(queue)
  const segments = url.pathname.split('/').filter(Boolean)
  const account = segments.length >= 2 && /^\d+$/.test(segments[0] ?? '') ? segments[0] : ctx.account
  const region = regionOfHost(url.hostname)
  const partition = region === undefined ? ctx.partition : partitionOf(region)
  return `arn:${partition}:sqs:${region ?? ctx.region}:${account}:${queueNameOf(queue)}`
}

function regionOfHost(host: string): string | undefined {
  const labels = host.split('.')
  const candidate = labels[0] === 'sqs' ? labels[1] : labels[1] === 'queue' ? labels[0] : undefined
  return candidate !== undefined && REGION.test(candidate) ? candidate : undefined
}

/**
 * A resource name whose per-message macros are replaced by `*`, so a policy covers every value they
 * can render to and nothing beyond its literal parts: `orders-${msg:body.region}` → `orders-*`.
 */
export function templateWildcard(text: string): string {
  if (!isMacroText(text)) return text
  try {
    return parseTemplate(text)
      .map((part) => (typeof part === 'string' ? part : '*'))
      .join('')
      .replace(/\*+/g, '*')
  } catch (error) {
    if (error instanceof MacroSyntaxError) return '*'
    throw error
  }
}

/** The ARN of an SNS topic: an ARN is returned as it is, a name is placed in the context's account. */
export function topicArn(ctx: IamContext, topic: string): string {
  return isArn(topic) ? topic : `arn:${ctx.partition}:sns:${ctx.region}:${ctx.account}:${topic}`
}

/** The ARN of a Kinesis data stream given by name or ARN. */
export function streamArn(ctx: IamContext, stream: string): string {
  return isArn(stream) ? stream : `arn:${ctx.partition}:kinesis:${ctx.region}:${ctx.account}:stream/${stream}`
}

/** The ARN of an EventBridge event bus given by name (`default` included) or ARN. */
export function eventBusArn(ctx: IamContext, bus: string): string {
  return isArn(bus) ? bus : `arn:${ctx.partition}:events:${ctx.region}:${ctx.account}:event-bus/${bus}`
}

/**
 * The ARN of a KMS key given by key id, key ARN, alias name or alias ARN. An alias cannot name a
 * key in a policy, so it yields every key of the account (`key/*`).
 */
export function kmsKeyArn(ctx: IamContext, key: string): string {
  const isAlias = key.startsWith('alias/') || key.includes(':alias/')
  if (!isAlias) return isArn(key) ? key : `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/${key}`
  const parts = isArn(key) ? key.split(':') : []
  const partition = parts[1] ?? ctx.partition
  const region = parts[3] ?? ctx.region
  const account = parts[4] ?? ctx.account
  return `arn:${partition}:kms:${region}:${account}:key/*`
}
