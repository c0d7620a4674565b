/**
 * The hand-written SDK loops the engine is compared with: the same calls, the same batching, as
 * much concurrency as helps on two cores, and none of the engine's bookkeeping.
 */
import { PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { PublishBatchCommand } from '@aws-sdk/client-sns'
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs'
import type { AwsClients } from '@sluice/aws'
import { rssPeak } from '../../src/sinks/bench/feed.ts'
import { clientsFor, cpuSeconds, type PhaseResult, rssMiB, type Targets } from './targets.ts'

/**
 * Receive calls running at once in the SQS loops (as the engine's `pollers`): on two cores shared
 * with the emulator, more only adds contention, for the plain loop and the engine alike.
 */
export const RECEIVERS = 4
/**
 * PutRecords calls in flight at once (as the engine's Kinesis `maxInFlight`): kinesalite works on
 * one call at a time, so two keep it busy while holding the fewest records in memory.
 */
export const PUTS_IN_FLIGHT = 2

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

async function measured(phase: string, items: number, work: () => Promise<void>): Promise<PhaseResult> {
  const baselineRssMiB = rssMiB()
  const peak = rssPeak()
  const cpu = process.cpuUsage()
  const start = performance.now()
  await work()
  const seconds = (performance.now() - start) / 1000
  return {
    phase,
    items,
    seconds,
    perSecond: items / seconds,
    perCpuSecond: items / cpuSeconds(cpu),
    peakRssMiB: peak(),
    baselineRssMiB,
  }
}

async function receive(clients: AwsClients, queueUrl: string, wait: number): Promise<Message[]> {
  const { Messages = [] } = await clients
    .sqs()
    .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: wait }))
  return Messages
}

async function deleteAll(clients: AwsClients, queueUrl: string, messages: readonly Message[]): Promise<void> {
  const calls: Promise<unknown>[] = []
  for (let i = 0; i < messages.length; i += 10)
    calls.push(
      clients.sqs().send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages
            .slice(i, i + 10)
            .map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle })),
        }),
      ),
    )
  await Promise.all(calls)
}

/** Puts records until every one is accepted (records failed inside a call are sent again). */
async function putAll(clients: AwsClients, stream: string, records: PutRecordsRequestEntry[]): Promise<void> {
  for (let left = records; left.length > 0; ) {
    const answer = await clients.kinesis().send(new PutRecordsCommand({ StreamName: stream, Records: left }))
    const results = answer.Records ?? []
    left = left.filter((_, i) => results[i]?.ErrorCode !== undefined)
  }
}

function record(body: string): PutRecordsRequestEntry {
  const parsed: unknown = JSON.parse(body)
  const key = typeof parsed === 'object' && parsed !== null && 'id' in parsed ? String(parsed.id) : 'none'
  return { Data: Buffer.from(JSON.stringify(parsed)), PartitionKey: key }
}

/** SQS → SNS: receive 10, PublishBatch them, delete them; `RECEIVERS` such loops at once. */
export function plainSqsSns(t: Targets): Promise<PhaseResult> {
  const clients = clientsFor(t)
  let done = 0
  const worker = async () => {
    while (done < t.count) {
      const messages = await receive(clients, t.queueUrl, 1)
      if (messages.length === 0) continue
      await clients.sns().send(
        new PublishBatchCommand({
          TopicArn: t.topicArn,
          PublishBatchRequestEntries: messages.map((m, i) => ({ Id: String(i), Message: m.Body })),
        }),
      )
      await deleteAll(clients, t.queueUrl, messages)
      done += messages.length
    }
  }
  return measured('sqs-sns-plain', t.count, () =>
    Promise.all(Array.from({ length: RECEIVERS }, worker)).then(() => {}),
  )
}

/**
 * SQS → Kinesis: `RECEIVERS` receive loops fill a shared buffer; whenever it holds 500 records
 * (or receiving found nothing), up to `PUTS_IN_FLIGHT` PutRecords calls send it, each followed by
 * the deletes of its messages.
 */
export function plainSqsKinesis(t: Targets): Promise<PhaseResult> {
  const clients = clientsFor(t)
  let done = 0
  const buffer: Message[] = []
  const flushes = new Set<Promise<void>>()
  const flush = () => {
    const batch = buffer.splice(0, 500)
    const sent = putAll(
      clients,
      t.stream,
      batch.map((m) => record(m.Body ?? '{}')),
    )
      .then(() => deleteAll(clients, t.queueUrl, batch))
      .then(() => {
        done += batch.length
      })
    flushes.add(sent)
    void sent.finally(() => flushes.delete(sent))
  }
  const receiver = async () => {
    while (done < t.count) {
      while (flushes.size >= PUTS_IN_FLIGHT) await Promise.race(flushes)
      const messages = await receive(clients, t.queueUrl, 0)
      buffer.push(...messages)
      if (buffer.length >= 500 || (messages.length === 0 && buffer.length > 0)) flush()
      else if (messages.length === 0) await (flushes.size > 0 ? Promise.race(flushes) : sleep(20))
    }
  }
  return measured('sqs-kinesis-plain', t.count, async () => {
    await Promise.all(Array.from({ length: RECEIVERS }, receiver))
    await Promise.all(flushes)
  })
}

/** S3 → Kinesis: the object streamed, split into lines, each parsed and written as a record, 500 to a call. */
export function plainS3Kinesis(t: Targets): Promise<PhaseResult> {
  const clients = clientsFor(t)
  return measured('s3-kinesis-plain', t.count, async () => {
    const object = await clients.s3().send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key }))
    const body = object.Body
    if (body === undefined || !(Symbol.asyncIterator in body)) throw new Error('no object body')
    const inFlight = new Set<Promise<void>>()
    let batch: PutRecordsRequestEntry[] = []
    let rest = ''
    const send = async () => {
      const records = batch
      batch = []
      while (inFlight.size >= PUTS_IN_FLIGHT) await Promise.race(inFlight)
      const put = putAll(clients, t.stream, records)
      inFlight.add(put)
      void put.finally(() => inFlight.delete(put))
    }
    for await (const chunk of body) {
      const lines = (rest + Buffer.from(chunk).toString('utf8')).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) {
        if (line === '') continue
        batch.push(record(line))
        if (batch.length === 500) await send()
      }
    }
    if (rest !== '') batch.push(record(rest))
    if (batch.length > 0) await send()
    await Promise.all(inFlight)
  })
}
