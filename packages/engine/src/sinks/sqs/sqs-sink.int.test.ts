import { SQSClient } from '@aws-sdk/client-sqs'
import type { AwsClients } from '@sluice/aws'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { starterOf } from '../../runtime/components.ts'
import { localClients, receiveAll, startSink } from '../testing/local-stack.ts'
import { SettleRecorder } from '../testing/sink-context.ts'
import { sqsSink } from './sqs-sink.ts'

let aws: LocalAws
let clients: AwsClients
let sqs: SQSClient
let queueUrls: Record<string, string>

beforeAll(async () => {
  aws = await startLocalAws()
  clients = localClients(aws)
  sqs = new SQSClient(aws.clientConfig('sqs'))
  queueUrls = (await createResources(aws, { queues: ['orders', 'orders.fifo'] })).queueUrls
}, 60_000)

afterAll(async () => {
  sqs?.destroy()
  clients?.destroy()
  await aws?.stop()
})

describe('SQS sink on the local stack', () => {
  it('resolves a queue name and sends every message with its attributes', async () => {
    const { sink, metrics } = startSink(
      starterOf(sqsSink),
      {
        connection: 'local',
        queue: 'orders',
        messageAttributes: [
          { name: 'tenant', value: '${msg:attributes.tenant}' },
          { name: 'blob', type: 'Binary', value: 'AAEC' },
        ],
        maxInFlight: 2,
      },
      clients,
    )
    const owner = new SettleRecorder()
    const envelopes = Array.from({ length: 35 }, (_, n) =>
      owner.envelope(`message ${n}`, { tenant: `t${n % 3}` }),
    )
    for (const envelope of envelopes) sink.write(envelope)
    await sink.close()
    expect(owner.counts(envelopes)).toEqual({ acked: 35 })
    expect(metrics.batches.map((b) => b.entries)).toEqual([10, 10, 10, 5])

    const messages = await receiveAll(sqs, queueUrls.orders ?? '', 35)
    expect(messages.map((m) => m.Body).sort()).toEqual(
      Array.from({ length: 35 }, (_, n) => `message ${n}`).sort(),
    )
    const first = messages.find((m) => m.Body === 'message 4')
    expect(first?.MessageAttributes?.tenant?.StringValue).toBe('t1')
    expect([...(first?.MessageAttributes?.blob?.BinaryValue ?? [])]).toEqual([0, 1, 2])
  }, 60_000)

  it('sends to a FIFO queue in order per group, deduplicating by template', async () => {
    const { sink } = startSink(
      starterOf(sqsSink),
      {
        connection: 'local',
        queue: queueUrls['orders.fifo'],
        messageGroupId: '${msg:body.account}',
        deduplication: { strategy: 'template', template: '${msg:body.id}' },
        batching: { maxEntries: 3 },
      },
      clients,
    )
    const owner = new SettleRecorder()
    const bodies = Array.from({ length: 9 }, (_, n) => ({ account: n < 5 ? 'x' : 'y', id: `id-${n}` }))
    const duplicate = owner.envelope({ account: 'x', id: 'id-0' })
    const envelopes = [...bodies.map((b) => owner.envelope(b)), duplicate]
    for (const envelope of envelopes) sink.write(envelope)
    await sink.close()
    expect(owner.counts(envelopes)).toEqual({ acked: 10 })

    const messages = await receiveAll(sqs, queueUrls['orders.fifo'] ?? '', 10, 2)
    expect(messages).toHaveLength(9)
    const ids = (account: string) =>
      messages
        .map((m) => JSON.parse(m.Body ?? ''))
        .filter((b) => b.account === account)
        .map((b) => b.id)
    expect(ids('x')).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4'])
    expect(ids('y')).toEqual(['id-5', 'id-6', 'id-7', 'id-8'])
  }, 60_000)
})
