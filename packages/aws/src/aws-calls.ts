import { DescribeEventBusCommand, ListEventBusesCommand } from '@aws-sdk/client-eventbridge'
import { DescribeStreamSummaryCommand, ListStreamsCommand } from '@aws-sdk/client-kinesis'
import { HeadBucketCommand, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { GetTopicAttributesCommand, ListTopicsCommand } from '@aws-sdk/client-sns'
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  type QueueAttributeName,
} from '@aws-sdk/client-sqs'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import type { AwsClients } from './clients.ts'

/** A page of names and the token of the next page, if there is one. */
export interface Page<T> {
  items: T[]
  nextToken?: string
}

/** What resolving a connection's credentials showed, without any secret. */
export interface CredentialSummary {
  kind: 'anonymous' | 'long-term' | 'temporary'
  /** When temporary credentials expire. */
  expiration?: Date
}

/**
 * The AWS calls probes and listings make, each with an abort signal: a narrow seam over the SDK
 * clients, so the probe and listing logic is tested with fakes and the SDK adapter against the
 * local stack.
 */
export interface AwsCalls {
  resolveCredentials(): Promise<CredentialSummary>
  getCallerIdentity(signal: AbortSignal): Promise<{ account: string; arn: string }>
  getQueueUrl(name: string, signal: AbortSignal): Promise<string>
  getQueueAttributes(
    url: string,
    names: readonly QueueAttributeName[],
    signal: AbortSignal,
  ): Promise<Record<string, string>>
  listObjects(
    request: { bucket: string; prefix: string; delimiter?: string; maxKeys: number; token?: string },
    signal: AbortSignal,
  ): Promise<{ keys: string[]; prefixes: string[]; nextToken?: string }>
  headBucket(bucket: string, signal: AbortSignal): Promise<{ region?: string }>
  listBuckets(
    request: { prefix?: string; max: number; token?: string },
    signal: AbortSignal,
  ): Promise<Page<string>>
  listQueues(
    request: { prefix?: string; max: number; token?: string },
    signal: AbortSignal,
  ): Promise<Page<string>>
  getTopicAttributes(arn: string, signal: AbortSignal): Promise<Record<string, string>>
  listTopics(token: string | undefined, signal: AbortSignal): Promise<Page<string>>
  describeStreamSummary(
    stream: string,
    signal: AbortSignal,
  ): Promise<{ name: string; status: string; openShards: number }>
  /** Kinesis pages by the last name seen; `nextToken` is that name when more exist. */
  listStreams(request: { max: number; token?: string }, signal: AbortSignal): Promise<Page<string>>
  describeEventBus(name: string, signal: AbortSignal): Promise<{ name: string; arn: string }>
  listEventBuses(
    request: { prefix?: string; max: number; token?: string },
    signal: AbortSignal,
  ): Promise<Page<string>>
}

/** The IAM action each call needs; `getCallerIdentity` needs none. */
export const IAM_ACTIONS: Readonly<Record<keyof AwsCalls, string | undefined>> = {
  resolveCredentials: undefined,
  getCallerIdentity: undefined,
  getQueueUrl: 'sqs:GetQueueUrl',
  getQueueAttributes: 'sqs:GetQueueAttributes',
  listObjects: 's3:ListBucket',
  headBucket: 's3:ListBucket',
  listBuckets: 's3:ListAllMyBuckets',
  listQueues: 'sqs:ListQueues',
  getTopicAttributes: 'sns:GetTopicAttributes',
  listTopics: 'sns:ListTopics',
  describeStreamSummary: 'kinesis:DescribeStreamSummary',
  listStreams: 'kinesis:ListStreams',
  describeEventBus: 'events:DescribeEventBus',
  listEventBuses: 'events:ListEventBuses',
}

const compact = (values: readonly (string | undefined)[] | undefined): string[] =>
  (values ?? []).filter((v): v is string => v !== undefined)

const token = (value: string | undefined) => (value ? { nextToken: value } : {})

/** The SDK behind {@link AwsCalls}, using the connection's shared clients. */
export function sdkCalls(clients: AwsClients): AwsCalls {
  return {
    async resolveCredentials() {
      if (clients.authMode === 'none') return { kind: 'anonymous' }
      const identity = await clients.credentials()
      return identity.expiration === undefined
        ? { kind: 'long-term' }
        : { kind: 'temporary', expiration: identity.expiration }
    },
    async getCallerIdentity(abortSignal) {
      const out = await clients.sts().send(new GetCallerIdentityCommand({}), { abortSignal })
      return { account: out.Account ?? '', arn: out.Arn ?? '' }
    },
    async getQueueUrl(name, abortSignal) {
      const out = await clients.sqs().send(new GetQueueUrlCommand({ QueueName: name }), { abortSignal })
      return out.QueueUrl ?? ''
    },
    async getQueueAttributes(url, names, abortSignal) {
      const input = { QueueUrl: url, AttributeNames: [...names] }
      const out = await clients.sqs().send(new GetQueueAttributesCommand(input), { abortSignal })
      return { ...out.Attributes }
    },
    async listObjects(request, abortSignal) {
      const input = {
        Bucket: request.bucket,
        Prefix: request.prefix,
        MaxKeys: request.maxKeys,
        ...(request.delimiter === undefined ? {} : { Delimiter: request.delimiter }),
        ...(request.token === undefined ? {} : { ContinuationToken: request.token }),
      }
      const out = await clients.s3().send(new ListObjectsV2Command(input), { abortSignal })
      return {
        keys: compact(out.Contents?.map((o) => o.Key)),
        prefixes: compact(out.CommonPrefixes?.map((p) => p.Prefix)),
        ...(out.IsTruncated ? token(out.NextContinuationToken) : {}),
      }
    },
    async headBucket(bucket, abortSignal) {
      const out = await clients.s3().send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal })
      return out.BucketRegion === undefined ? {} : { region: out.BucketRegion }
    },
    async listBuckets(request, abortSignal) {
      const input = {
        MaxBuckets: request.max,
        ...(request.prefix ? { Prefix: request.prefix } : {}),
        ...(request.token === undefined ? {} : { ContinuationToken: request.token }),
      }
      const out = await clients.s3().send(new ListBucketsCommand(input), { abortSignal })
      return { items: compact(out.Buckets?.map((b) => b.Name)), ...token(out.ContinuationToken) }
    },
    async listQueues(request, abortSignal) {
      const input = {
        MaxResults: request.max,
        ...(request.prefix ? { QueueNamePrefix: request.prefix } : {}),
        ...(request.token === undefined ? {} : { NextToken: request.token }),
      }
      const out = await clients.sqs().send(new ListQueuesCommand(input), { abortSignal })
      return { items: out.QueueUrls ?? [], ...token(out.NextToken) }
    },
    async getTopicAttributes(arn, abortSignal) {
      const out = await clients.sns().send(new GetTopicAttributesCommand({ TopicArn: arn }), { abortSignal })
      return { ...out.Attributes }
    },
    async listTopics(nextToken, abortSignal) {
      const input = nextToken === undefined ? {} : { NextToken: nextToken }
      const out = await clients.sns().send(new ListTopicsCommand(input), { abortSignal })
      return { items: compact(out.Topics?.map((t) => t.TopicArn)), ...token(out.NextToken) }
    },
    async describeStreamSummary(stream, abortSignal) {
      const input = stream.startsWith('arn:') ? { StreamARN: stream } : { StreamName: stream }
      const out = await clients.kinesis().send(new DescribeStreamSummaryCommand(input), { abortSignal })
      const summary = out.StreamDescriptionSummary
      return {
        name: summary?.StreamName ?? stream,
        status: summary?.StreamStatus ?? 'UNKNOWN',
        openShards: summary?.OpenShardCount ?? 0,
      }
    },
    async listStreams(request, abortSignal) {
      const input = {
        Limit: request.max,
        ...(request.token === undefined ? {} : { ExclusiveStartStreamName: request.token }),
      }
      const out = await clients.kinesis().send(new ListStreamsCommand(input), { abortSignal })
      const items = out.StreamNames ?? []
      return { items, ...(out.HasMoreStreams ? token(items.at(-1)) : {}) }
    },
    async describeEventBus(name, abortSignal) {
      const out = await clients
        .eventBridge()
        .send(new DescribeEventBusCommand({ Name: name }), { abortSignal })
      return { name: out.Name ?? name, arn: out.Arn ?? '' }
    },
    async listEventBuses(request, abortSignal) {
      const input = {
        Limit: request.max,
        ...(request.prefix ? { NamePrefix: request.prefix } : {}),
        ...(request.token === undefined ? {} : { NextToken: request.token }),
      }
      const out = await clients.eventBridge().send(new ListEventBusesCommand(input), { abortSignal })
      return { items: compact(out.EventBuses?.map((b) => b.Name)), ...token(out.NextToken) }
    },
  }
}
