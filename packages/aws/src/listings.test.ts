import { describe, expect, it } from 'vitest'
import { AwsCallError } from './errors.ts'
import { listResourcesWith } from './listings.ts'
import { fakeCalls, serviceError } from './testing/fake-calls.ts'

const options = { timeoutMs: 5_000 }
const pages =
  <T>(all: T[], size: number) =>
  (token: string | undefined) => {
    const start = token === undefined ? 0 : Number(token)
    const items = all.slice(start, start + size)
    const next = start + size < all.length ? { nextToken: String(start + size) } : {}
    return { items, ...next }
  }

describe('listResourcesWith', () => {
  it('pages until the limit and says when more exist', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `bus-${String(i).padStart(2, '0')}`)
    const page = pages(names, 10)
    const { calls, made } = fakeCalls({ listEventBuses: async (request) => page(request.token) })
    const first = await listResourcesWith('eventBuses', calls, { limit: 12 }, options)
    expect(first.items.map((i) => i.value)).toEqual(names.slice(0, 12))
    expect(first.truncated).toBe(true)
    expect(made).toHaveLength(2)
    const all = await listResourcesWith('eventBuses', calls, { limit: 100 }, options)
    expect([all.items.length, all.truncated]).toEqual([25, false])
  })

  it('lists queues with the messages waiting in each, keeping queues whose count fails', async () => {
    const urls = ['http://q/000000000000/orders', 'http://q/000000000000/locked']
    const { calls } = fakeCalls({
      listQueues: async () => ({ items: urls }),
      getQueueAttributes: async (url) => {
        if (url.endsWith('locked')) throw serviceError('AccessDenied', 403)
        return { ApproximateNumberOfMessages: '7' }
      },
    })
    const listing = await listResourcesWith('queues', calls, { prefix: 'o' }, options)
    expect(listing).toEqual({
      kind: 'queues',
      items: [
        { value: urls[0], label: 'orders', count: 7, countOf: 'messages' },
        { value: urls[1], label: 'locked' },
      ],
      truncated: false,
    })
  })

  it('lists streams with their open shards, filtered by prefix', async () => {
    const { calls } = fakeCalls({
      listStreams: async () => ({ items: ['clicks', 'orders', 'orders-eu'] }),
      describeStreamSummary: async (name) => ({ name, status: 'ACTIVE', openShards: name.length }),
    })
    const listing = await listResourcesWith('streams', calls, { prefix: 'orders' }, options)
    expect(listing.items).toEqual([
      { value: 'orders', label: 'orders', count: 6, countOf: 'shards' },
      { value: 'orders-eu', label: 'orders-eu', count: 9, countOf: 'shards' },
    ])
  })

  it('lists topics by name, and buckets', async () => {
    const { calls } = fakeCalls({
      listTopics: async () => ({
        items: ['arn:aws:sns:us-east-1:0:alerts', 'arn:aws:sns:us-east-1:0:orders'],
      }),
      listBuckets: async () => ({ items: ['archive', 'inbox'], nextToken: 'more' }),
    })
    const topics = await listResourcesWith('topics', calls, { prefix: 'ord' }, options)
    expect(topics.items).toEqual([{ value: 'arn:aws:sns:us-east-1:0:orders', label: 'orders' }])
    const buckets = await listResourcesWith('buckets', calls, { limit: 2 }, options)
    expect([buckets.items.map((b) => b.value), buckets.truncated]).toEqual([['archive', 'inbox'], true])
  })

  it('lists the prefixes one level below a prefix', async () => {
    const { calls, made } = fakeCalls({
      listObjects: async () => ({ keys: ['in/readme'], prefixes: ['in/2024/', 'in/2025/'] }),
    })
    const listing = await listResourcesWith('prefixes', calls, { bucket: 'inbox', prefix: 'in/' }, options)
    expect(listing.items).toEqual([
      { value: 'in/2024/', label: '2024/' },
      { value: 'in/2025/', label: '2025/' },
    ])
    expect(made[0]?.args[0]).toEqual({ bucket: 'inbox', prefix: 'in/', delimiter: '/', maxKeys: 1000 })
    await expect(listResourcesWith('prefixes', calls, {}, options)).rejects.toMatchObject({
      code: 'aws.invalid-request',
    })
  })

  it('throws a coded error naming the IAM action, and times out', async () => {
    const { calls } = fakeCalls({
      listQueues: async () => {
        throw serviceError('AccessDenied', 403)
      },
      listTopics: () => new Promise(() => {}),
    })
    const denied = listResourcesWith('queues', calls, {}, options)
    await expect(denied).rejects.toBeInstanceOf(AwsCallError)
    await expect(denied).rejects.toMatchObject({ code: 'aws.access-denied', action: 'sqs:ListQueues' })
    await expect(listResourcesWith('topics', calls, {}, { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'aws.timeout',
    })
  })
})
