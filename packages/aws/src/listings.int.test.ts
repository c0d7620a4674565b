import { PutObjectCommand } from '@aws-sdk/client-s3'
import { SendMessageCommand } from '@aws-sdk/client-sqs'
import { type CreatedResources, createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AwsClients, createAwsClients } from './clients.ts'
import { listResources } from './listings.ts'
import { assumeRoleAuth, LOCAL_KEYS, localConnection, localRole } from './testing/local-connection.ts'

let aws: LocalAws
let created: CreatedResources
let clients: AwsClients
const options = { timeoutMs: 10_000 }

beforeAll(async () => {
  aws = await startLocalAws({ roles: { 'no-list': { deniedActions: ['events:ListEventBuses'] } } })
  created = await createResources(aws, {
    buckets: ['archive', 'inbox'],
    queues: ['orders', 'orders-dlq', 'billing'],
    topics: ['alerts', 'orders-events'],
    streams: ['clicks', 'orders-stream'],
    buses: ['audit', 'orders-bus'],
  })
  clients = createAwsClients(localConnection(aws))
  for (const key of ['in/2024/a.csv', 'in/2025/b.csv', 'in/top.csv', 'out/c.csv'])
    await clients.s3().send(new PutObjectCommand({ Bucket: 'inbox', Key: key, Body: 'x' }))
  for (let i = 0; i < 3; i++)
    await clients
      .sqs()
      .send(new SendMessageCommand({ QueueUrl: created.queueUrls.orders, MessageBody: `m${i}` }))
}, 60_000)

afterAll(async () => {
  clients?.destroy()
  await aws?.stop()
})

const values = (listing: { items: { value: string }[] }) => listing.items.map((i) => i.value)

describe('listResources against the local stack', () => {
  it('lists buckets, and truncates at the limit', async () => {
    expect(values(await listResources('buckets', clients, {}, options))).toEqual(['archive', 'inbox'])
    const one = await listResources('buckets', clients, { limit: 1 }, options)
    expect([values(one), one.truncated]).toEqual([['archive'], true])
  })

  it('lists the prefixes below a prefix', async () => {
    const top = await listResources('prefixes', clients, { bucket: 'inbox' }, options)
    expect(values(top)).toEqual(['in/', 'out/'])
    const below = await listResources('prefixes', clients, { bucket: 'inbox', prefix: 'in/' }, options)
    expect(below.items).toEqual([
      { value: 'in/2024/', label: '2024/' },
      { value: 'in/2025/', label: '2025/' },
    ])
    await expect(
      listResources('prefixes', clients, { bucket: 'no-such-bucket' }, options),
    ).rejects.toMatchObject({
      code: 'aws.not-found',
      action: 's3:ListBucket',
    })
  })

  it('lists queues with the messages waiting', async () => {
    const listing = await listResources('queues', clients, { prefix: 'orders' }, options)
    expect(listing.items).toEqual([
      { value: created.queueUrls.orders, label: 'orders', count: 3, countOf: 'messages' },
      { value: created.queueUrls['orders-dlq'], label: 'orders-dlq', count: 0, countOf: 'messages' },
    ])
  })

  it('lists topics and streams with their shards', async () => {
    expect((await listResources('topics', clients, { prefix: 'orders' }, options)).items).toEqual([
      { value: created.topicArns['orders-events'], label: 'orders-events' },
    ])
    const streams = await listResources('streams', clients, {}, options)
    expect(streams.items).toEqual([
      { value: 'clicks', label: 'clicks', count: 2, countOf: 'shards' },
      { value: 'orders-stream', label: 'orders-stream', count: 2, countOf: 'shards' },
    ])
    expect((await listResources('streams', clients, { limit: 1 }, options)).truncated).toBe(true)
  })

  it('lists event buses, and names events:ListEventBuses when it is denied', async () => {
    expect(values(await listResources('eventBuses', clients, {}, options))).toEqual([
      'audit',
      'default',
      'orders-bus',
    ])
    const limited = createAwsClients(localConnection(aws, assumeRoleAuth(localRole('no-list'), LOCAL_KEYS)))
    await expect(listResources('eventBuses', limited, {}, options)).rejects.toMatchObject({
      code: 'aws.access-denied',
      action: 'events:ListEventBuses',
    })
    limited.destroy()
  })
})
