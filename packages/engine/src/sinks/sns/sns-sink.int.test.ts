import { SQSClient } from '@aws-sdk/client-sqs'
import type { AwsClients } from '@sluice/aws'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { starterOf } from '../../runtime/components.ts'
import { localClients, receiveAll, startSink } from '../testing/local-stack.ts'
import { SettleRecorder } from '../testing/sink-context.ts'
import { snsSink } from './sns-sink.ts'

let aws: LocalAws
let clients: AwsClients
let sqs: SQSClient
let created: Awaited<ReturnType<typeof createResources>>

beforeAll(async () => {
  aws = await startLocalAws()
  clients = localClients(aws)
  sqs = new SQSClient(aws.clientConfig('sqs'))
  created = await createResources(aws, {
    queues: ['sns-out', 'sns-out.fifo'],
    topics: ['events', 'events.fifo'],
    subscriptions: { events: ['sns-out'], 'events.fifo': ['sns-out.fifo'] },
  })
}, 60_000)

afterAll(async () => {
  sqs?.destroy()
  clients?.destroy()
  await aws?.stop()
})

describe('SNS sink on the local stack', () => {
  it('publishes batches to a topic; a raw SQS subscription receives every message with its attributes', async () => {
    const { sink, metrics } = startSink(
      starterOf(snsSink),
      {
        connection: 'local',
        topicArn: created.topicArns.events,
        messageAttributes: [
          { name: 'kind', value: '${msg:body.kind}' },
          { name: 'n', type: 'Number', value: '${msg:body.n}' },
        ],
      },
      clients,
    )
    const owner = new SettleRecorder()
    const envelopes = Array.from({ length: 25 }, (_, n) =>
      owner.envelope({ kind: n % 2 ? 'odd' : 'even', n }),
    )
    for (const envelope of envelopes) sink.write(envelope)
    await sink.close()
    expect(owner.counts(envelopes)).toEqual({ acked: 25 })
    expect(metrics.batches.map((b) => b.entries)).toEqual([10, 10, 5])

    const messages = await receiveAll(sqs, created.queueUrls['sns-out'] ?? '', 25)
    const received = messages.map((m) => ({
      body: JSON.parse(m.Body ?? ''),
      kind: m.MessageAttributes?.kind?.StringValue,
      n: m.MessageAttributes?.n?.StringValue,
    }))
    expect(received.sort((a, b) => a.body.n - b.body.n)).toEqual(
      Array.from({ length: 25 }, (_, n) => ({
        body: { kind: n % 2 ? 'odd' : 'even', n },
        kind: n % 2 ? 'odd' : 'even',
        n: String(n),
      })),
    )
  }, 60_000)

  it('publishes to a FIFO topic in order per message group', async () => {
    const { sink } = startSink(
      starterOf(snsSink),
      {
        connection: 'local',
        topicArn: created.topicArns['events.fifo'],
        messageGroupId: '${msg:body.group}',
        deduplication: { strategy: 'contentHash' },
        batching: { maxEntries: 4 },
        maxInFlight: 4,
      },
      clients,
    )
    const owner = new SettleRecorder()
    const envelopes = Array.from({ length: 12 }, (_, n) =>
      owner.envelope({ group: n % 3 === 0 ? 'a' : 'b', n }),
    )
    for (const envelope of envelopes) sink.write(envelope)
    await sink.close()
    expect(owner.counts(envelopes)).toEqual({ acked: 12 })

    const messages = await receiveAll(sqs, created.queueUrls['sns-out.fifo'] ?? '', 12)
    const order = (group: string) =>
      messages
        .map((m) => JSON.parse(m.Body ?? ''))
        .filter((b) => b.group === group)
        .map((b) => b.n)
    expect(order('a')).toEqual([0, 3, 6, 9])
    expect(order('b')).toEqual([1, 2, 4, 5, 7, 8, 10, 11])
  }, 60_000)
})
