import type { EventPutter } from '../eventbridge/eventbridge-client.ts'
import type { KinesisPutter } from '../kinesis/kinesis-client.ts'
import type { SnsPublisher } from '../sns/sns-client.ts'
import type { SqsSender } from '../sqs/sqs-client.ts'
import type { FakeBackend, FakeEntry, FakeEntryResult } from './fake-backend.ts'

interface AttributeLike {
  readonly DataType?: string | undefined
  readonly StringValue?: string | undefined
  readonly BinaryValue?: Uint8Array | undefined
}

function attributeFields(attributes: Record<string, AttributeLike> | undefined): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(attributes ?? {})) {
    const text = value.BinaryValue
      ? Buffer.from(value.BinaryValue).toString('base64')
      : (value.StringValue ?? '')
    fields[name] = `${value.DataType}:${text}`
  }
  return fields
}

function fifoIds(entry: {
  MessageGroupId?: string | undefined
  MessageDeduplicationId?: string | undefined
}) {
  return {
    ...(entry.MessageGroupId === undefined ? {} : { groupId: entry.MessageGroupId }),
    ...(entry.MessageDeduplicationId === undefined ? {} : { dedupId: entry.MessageDeduplicationId }),
  }
}

function byId(ids: readonly (string | undefined)[], results: readonly FakeEntryResult[]) {
  const Successful: { Id: string | undefined; MessageId: string; MD5OfMessageBody: undefined }[] = []
  const Failed: { Id: string | undefined; Code: string; Message: string; SenderFault: boolean }[] = []
  results.forEach((result, i) => {
    if (result.ok) Successful.push({ Id: ids[i], MessageId: `m-${i}`, MD5OfMessageBody: undefined })
    else
      Failed.push({
        Id: ids[i],
        Code: result.code,
        Message: result.message,
        SenderFault: result.senderFault ?? true,
      })
  })
  return { Successful, Failed }
}

function positional(results: readonly FakeEntryResult[]) {
  return results.map((result) => (result.ok ? {} : { ErrorCode: result.code, ErrorMessage: result.message }))
}

/** An SNS client over the fake backend. */
export function fakeSnsPublisher(backend: FakeBackend): SnsPublisher {
  return {
    async publishBatch(input) {
      const requests = input.PublishBatchRequestEntries ?? []
      const entries = requests.map(
        (e): FakeEntry => ({
          body: e.Message ?? '',
          fields: { ...attributeFields(e.MessageAttributes), ...(e.Subject ? { subject: e.Subject } : {}) },
          ...fifoIds(e),
        }),
      )
      const results = await backend.handle({ target: input.TopicArn ?? '', entries })
      return byId(
        requests.map((e) => e.Id),
        results,
      )
    },
  }
}

/** An SQS client over the fake backend; queue names resolve to `https://sqs.fake/000000000000/<name>`. */
export function fakeSqsSender(backend: FakeBackend): SqsSender {
  return {
    async sendMessageBatch(input) {
      const requests = input.Entries ?? []
      const entries = requests.map(
        (e): FakeEntry => ({
          body: e.MessageBody ?? '',
          fields: {
            ...attributeFields(e.MessageAttributes),
            ...(e.DelaySeconds === undefined ? {} : { delaySeconds: String(e.DelaySeconds) }),
          },
          ...fifoIds(e),
        }),
      )
      const results = await backend.handle({ target: input.QueueUrl ?? '', entries })
      return byId(
        requests.map((e) => e.Id),
        results,
      )
    },
    async getQueueUrl(queueName) {
      backend.lookups.push(queueName)
      return `https://sqs.fake/000000000000/${queueName}`
    },
  }
}

/** A Kinesis client over the fake backend; the target is the stream name or ARN. */
export function fakeKinesisPutter(backend: FakeBackend): KinesisPutter {
  return {
    async putRecords(input) {
      const entries = (input.Records ?? []).map(
        (r): FakeEntry => ({
          body: Buffer.from(r.Data ?? new Uint8Array()).toString(),
          fields: {
            partitionKey: r.PartitionKey ?? '',
            ...(r.ExplicitHashKey === undefined ? {} : { explicitHashKey: r.ExplicitHashKey }),
          },
        }),
      )
      const results = await backend.handle({ target: input.StreamARN ?? input.StreamName ?? '', entries })
      return {
        FailedRecordCount: results.filter((r) => !r.ok).length,
        Records: positional(results),
      }
    },
  }
}

/** An EventBridge client over the fake backend; each entry's bus is its `bus` field. */
export function fakeEventPutter(backend: FakeBackend): EventPutter {
  return {
    async putEvents(input) {
      const entries = (input.Entries ?? []).map(
        (e): FakeEntry => ({
          body: e.Detail ?? '',
          fields: {
            source: e.Source ?? '',
            detailType: e.DetailType ?? '',
            bus: e.EventBusName ?? '',
            ...(e.Time === undefined ? {} : { time: e.Time.toISOString() }),
            ...(e.Resources === undefined ? {} : { resources: e.Resources.join(',') }),
          },
        }),
      )
      const results = await backend.handle({ target: 'events', entries })
      return { FailedEntryCount: results.filter((r) => !r.ok).length, Entries: positional(results) }
    },
  }
}
