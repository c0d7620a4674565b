import type { QueueAttributeName } from '@aws-sdk/client-sqs'
import {
  isQueueUrl,
  type ProbeResult,
  queueNameOf,
  type SpecOf,
  type sinkEventbridge,
  type sinkKinesis,
  type sinkS3,
  type sinkSns,
  type sinkSqs,
  type sourceS3,
  type sourceSqs,
} from '@sluice/assets'
import { type ProbeContext, probeStep } from './probe-step.ts'

const QUEUE_ATTRIBUTES: readonly QueueAttributeName[] = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'VisibilityTimeout',
  'RedrivePolicy',
  'FifoQueue',
]

function describeQueue(name: string, attributes: Record<string, string>): string {
  const parts = [
    `${attributes.ApproximateNumberOfMessages ?? '?'} messages waiting`,
    `${attributes.ApproximateNumberOfMessagesNotVisible ?? '?'} in flight`,
    `visibility timeout ${attributes.VisibilityTimeout ?? '?'} s`,
  ]
  if (attributes.FifoQueue === 'true') parts.push('FIFO')
  const redrive = attributes.RedrivePolicy
  if (redrive) {
    const max = /"maxReceiveCount"\s*:\s*"?(\d+)/.exec(redrive)?.[1]
    parts.push(`dead-letter queue after ${max ?? '?'} receives`)
  }
  return `${name}: ${parts.join(', ')}`
}

/** GetQueueUrl when the queue is given by name, then GetQueueAttributes. */
async function probeQueue(ctx: ProbeContext, queue: string): Promise<ProbeResult[]> {
  const name = queueNameOf(queue)
  const results: ProbeResult[] = []
  let url = queue
  if (!isQueueUrl(queue)) {
    const found = await probeStep(
      ctx,
      `GetQueueUrl of ${name}`,
      'getQueueUrl',
      (signal) => ctx.calls.getQueueUrl(name, signal),
      (value) => `${name} is ${value}`,
    )
    results.push(found.result)
    if (found.value === undefined) return results
    url = found.value
  }
  const attributes = await probeStep(
    ctx,
    `GetQueueAttributes on ${name}`,
    'getQueueAttributes',
    (signal) => ctx.calls.getQueueAttributes(url, QUEUE_ATTRIBUTES, signal),
    (value) => describeQueue(name, value),
  )
  results.push(attributes.result)
  return results
}

async function probeListing(ctx: ProbeContext, bucket: string, prefix: string): Promise<ProbeResult> {
  const where = `s3://${bucket}/${prefix}`
  const listed = await probeStep(
    ctx,
    `ListObjectsV2 on ${where}`,
    'listObjects',
    (signal) => ctx.calls.listObjects({ bucket, prefix, maxKeys: 1 }, signal),
    (value) =>
      value.keys.length > 0 ? `${where} is readable and holds objects` : `${where} is readable and empty`,
  )
  return listed.result
}

/** source.sqs: the queue it receives from. */
export function probeSourceSqs(ctx: ProbeContext, spec: SpecOf<typeof sourceSqs>): Promise<ProbeResult[]> {
  return probeQueue(ctx, spec.queue)
}

/** source.s3: listing the prefix, and the notification queue when notifications find the objects. */
export async function probeSourceS3(
  ctx: ProbeContext,
  spec: SpecOf<typeof sourceS3>,
): Promise<ProbeResult[]> {
  const results = [await probeListing(ctx, spec.bucket, spec.prefix)]
  if (spec.discovery.mode === 'notifications') results.push(...(await probeQueue(ctx, spec.discovery.queue)))
  return results
}

/** sink.s3: the bucket exists and this identity may see it. */
export async function probeSinkS3(ctx: ProbeContext, spec: SpecOf<typeof sinkS3>): Promise<ProbeResult[]> {
  const head = await probeStep(
    ctx,
    `HeadBucket on ${spec.bucket}`,
    'headBucket',
    (signal) => ctx.calls.headBucket(spec.bucket, signal),
    (value) => `${spec.bucket} exists${value.region === undefined ? '' : ` in ${value.region}`}`,
  )
  return [head.result]
}

/** sink.sqs: the queue it sends to. */
export function probeSinkSqs(ctx: ProbeContext, spec: SpecOf<typeof sinkSqs>): Promise<ProbeResult[]> {
  return probeQueue(ctx, spec.queue)
}

/** sink.sns: the topic it publishes to. */
export async function probeSinkSns(ctx: ProbeContext, spec: SpecOf<typeof sinkSns>): Promise<ProbeResult[]> {
  const name = spec.topicArn.split(':').at(-1) ?? spec.topicArn
  const topic = await probeStep(
    ctx,
    `GetTopicAttributes on ${name}`,
    'getTopicAttributes',
    (signal) => ctx.calls.getTopicAttributes(spec.topicArn, signal),
    (value) =>
      `${name}: ${value.SubscriptionsConfirmed ?? '?'} confirmed subscriptions${value.FifoTopic === 'true' ? ', FIFO' : ''}`,
  )
  return [topic.result]
}

/** sink.kinesis: the stream exists and can take records. */
export async function probeSinkKinesis(
  ctx: ProbeContext,
  spec: SpecOf<typeof sinkKinesis>,
): Promise<ProbeResult[]> {
  const stream = await probeStep(
    ctx,
    `DescribeStreamSummary on ${spec.stream}`,
    'describeStreamSummary',
    (signal) => ctx.calls.describeStreamSummary(spec.stream, signal),
    (value) =>
      value.status === 'ACTIVE' || value.status === 'UPDATING'
        ? `${value.name}: ${value.status}, ${value.openShards} open shards`
        : {
            code: 'aws.not-ready',
            message: `${value.name} is ${value.status}; records can be put only once it is ACTIVE.`,
          },
  )
  return [stream.result]
}

/** sink.eventbridge: every bus it sends to. */
export async function probeSinkEventbridge(
  ctx: ProbeContext,
  spec: SpecOf<typeof sinkEventbridge>,
): Promise<ProbeResult[]> {
  const results: ProbeResult[] = []
  for (const bus of spec.eventBuses) {
    const described = await probeStep(
      ctx,
      `DescribeEventBus on ${bus}`,
      'describeEventBus',
      (signal) => ctx.calls.describeEventBus(bus, signal),
      (value) => `${value.name} is ${value.arn}`,
    )
    results.push(described.result)
  }
  return results
}
