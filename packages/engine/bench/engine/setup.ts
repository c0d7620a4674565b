import { Readable } from 'node:stream'
import { CreateStreamCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis'
import { CreateBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { CreateTopicCommand } from '@aws-sdk/client-sns'
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs'
import { Upload } from '@aws-sdk/lib-storage'
import { clientsFor, objectRecord, queueMessage, type Targets } from './targets.ts'

type Emulators = Pick<Targets, 'fauxqs' | 'kinesis'>

/** A new queue holding `count` benchmark messages, sent 10 to a call, 16 calls at once. */
export async function filledQueue(emulators: Emulators, name: string, count: number): Promise<string> {
  const clients = clientsFor(emulators)
  const sqs = clients.sqs()
  const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: name }))
  let next = 0
  const sender = async () => {
    while (next < count) {
      const first = next
      next = Math.min(count, next + 10)
      const Entries = Array.from({ length: next - first }, (_, i) => ({
        Id: String(i),
        MessageBody: queueMessage(first + i),
      }))
      await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }))
    }
  }
  await Promise.all(Array.from({ length: 16 }, sender))
  clients.destroy()
  return QueueUrl
}

/** How many messages a queue still holds, visible or not. */
export async function queueLeft(emulators: Emulators, queueUrl: string): Promise<number> {
  const clients = clientsFor(emulators)
  const { Attributes } = await clients.sqs().send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  )
  clients.destroy()
  return (
    Number(Attributes?.ApproximateNumberOfMessages) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
  )
}

export async function dropQueue(emulators: Emulators, queueUrl: string): Promise<void> {
  const clients = clientsFor(emulators)
  await clients.sqs().send(new DeleteQueueCommand({ QueueUrl: queueUrl }))
  clients.destroy()
}

export async function createTopic(emulators: Emulators, name: string): Promise<string> {
  const clients = clientsFor(emulators)
  const { TopicArn = '' } = await clients.sns().send(new CreateTopicCommand({ Name: name }))
  clients.destroy()
  return TopicArn
}

export async function createStream(emulators: Emulators, name: string): Promise<void> {
  const clients = clientsFor(emulators)
  const kinesis = clients.kinesis()
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 4 }))
  await waitUntilStreamExists({ client: kinesis, maxWaitTime: 20, minDelay: 0.1 }, { StreamName: name })
  clients.destroy()
}

/**
 * Uploads an NDJSON object of `records` benchmark records (about 4 KiB each), generated as a
 * stream; returns its size in bytes.
 */
export async function uploadObject(
  emulators: Emulators,
  bucket: string,
  key: string,
  records: number,
): Promise<number> {
  const clients = clientsFor(emulators)
  const s3 = clients.s3()
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined)
  async function* lines(): AsyncGenerator<string> {
    for (let n = 0; n < records; n += 256) {
      let chunk = ''
      for (let i = n; i < Math.min(records, n + 256); i++) chunk += `${objectRecord(i)}\n`
      yield chunk
    }
  }
  await new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: Readable.from(lines()) },
    partSize: 8 * 1024 * 1024,
    queueSize: 2,
  }).done()
  const { ContentLength = 0 } = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
  clients.destroy()
  return ContentLength
}
