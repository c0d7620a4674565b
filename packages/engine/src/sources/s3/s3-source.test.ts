import { describe, expect, it } from 'vitest'
import { ConfigError, permanentError, retryableError } from '../../runtime/errors.ts'
import { MemoryStateStore, testContext } from '../testing/context.ts'
import { FakeS3 } from '../testing/fake-s3.ts'
import { FakeSqs } from '../testing/fake-sqs.ts'
import { s3Spec, startS3 } from '../testing/s3-harness.ts'
import { describeSourceConformance, waitFor } from '../testing/source-conformance.ts'
import { S3Source } from './s3-source.ts'

const lines = (name: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${name}:${i}`).join('\n')

describeSourceConformance('source.s3', async ({ total, maxInFlight }) => {
  const s3 = new FakeS3()
  const perObject = 5
  for (let i = 0; i * perObject < total; i++)
    s3.put(
      'inbox',
      `in/obj-${String(i).padStart(2, '0')}.txt`,
      lines(`o${i}`, Math.min(perObject, total - i * perObject)),
    )
  const context = testContext()
  const spec = s3Spec({
    maxRecordsInFlight: maxInFlight,
    maxObjectsInFlight: 2,
    afterRead: { action: 'delete' },
  })
  return {
    source: new S3Source(spec, context, { s3, sqs: () => new FakeSqs() }),
    maxInFlight,
    total,
    identify: (e) => String(e.body),
    uncommitted: () =>
      [...s3.bucket('inbox').values()].reduce((n, o) => n + o.body.toString().split('\n').length, 0),
    commitCounts: () => s3.deletes,
    close: async () => context.abort.abort(),
  }
})

describe('S3Source over a fake bucket', () => {
  it('reports progress per object and removes it once the object is done', async () => {
    const s3 = new FakeS3()
    s3.put('inbox', 'in/a.txt', lines('a', 40))
    const run = startS3(s3, { afterRead: { action: 'delete' } }, { onEnvelope: (e) => e.ack() })
    await waitFor(() => s3.object('inbox', 'in/a.txt') === undefined, 'the object committed')
    const reports = run.context.metrics.history.filter((h) => h.key === 'inbox/in/a.txt')
    const last = reports.filter((h) => h.progress !== undefined).at(-1)?.progress
    expect(last).toMatchObject({
      bucket: 'inbox',
      key: 'in/a.txt',
      records: 40,
      totalBytes: lines('a', 40).length,
    })
    expect(last?.bytesRead).toBe(last?.totalBytes)
    expect(reports.at(-1)?.progress).toBeUndefined()
    expect(run.received[0]?.meta).toMatchObject({
      bucket: 'inbox',
      key: 'in/a.txt',
      recordNumber: 1,
      line: 1,
    })
    await run.close()
  })

  it('says it caught up once the last object being read has given all its records', async () => {
    const s3 = new FakeS3()
    s3.put('inbox', 'in/a.txt', lines('a', 30))
    s3.put('inbox', 'in/b.txt', lines('b', 20))
    const caughtUpAt: number[] = []
    const run = startS3(s3, { maxObjectsInFlight: 2 })
    const { metrics } = run.context
    const caughtUp = metrics.caughtUp.bind(metrics)
    metrics.caughtUp = () => {
      caughtUpAt.push(run.received.length)
      caughtUp()
    }
    await waitFor(() => caughtUpAt.length > 0, 'the source caught up')
    expect(caughtUpAt).toEqual([50])
    await run.close()
  })

  it('keep: checkpoints the object so neither the next poll nor a restart reads it again', async () => {
    const s3 = new FakeS3()
    s3.put('inbox', 'in/a.txt', lines('a', 3))
    const state = new MemoryStateStore()
    const first = startS3(s3, {}, { state, onEnvelope: (e) => e.ack() })
    await waitFor(() => first.context.log.at('info').includes('object read and committed'), 'the commit')
    const lists = s3.calls.list
    await waitFor(() => s3.calls.list > lists + 1, 'two more listings', 5_000)
    expect(first.received).toHaveLength(3)
    await first.close()
    const second = startS3(s3, {}, { state, onEnvelope: (e) => e.ack() })
    await waitFor(() => s3.calls.list > lists + 3, 'listings after the restart', 5_000)
    expect(second.received).toHaveLength(0)
    s3.put('inbox', 'in/a.txt', lines('b', 2))
    await waitFor(() => second.received.length === 2, 'the rewritten object read again', 5_000)
    await second.close()
  })

  it('moves and tags only once every record is acked', async () => {
    const s3 = new FakeS3()
    s3.put('inbox', 'in/sub/m.txt', lines('m', 3))
    const move = startS3(s3, { afterRead: { action: 'move', prefix: 'done/', bucket: 'archive' } })
    s3.bucket('archive')
    await waitFor(() => move.received.length === 3, 'three records')
    move.received[0]?.ack()
    move.received[1]?.ackFiltered()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(s3.object('archive', 'done/sub/m.txt')).toBeUndefined()
    move.received[2]?.ack()
    await waitFor(() => s3.object('archive', 'done/sub/m.txt') !== undefined, 'the move')
    expect(s3.object('inbox', 'in/sub/m.txt')).toBeUndefined()
    await move.close()

    s3.put('inbox', 'in/t.txt', 'x', { tags: [{ key: 'team', value: 'data' }] })
    const tag = startS3(
      s3,
      { afterRead: { action: 'tag', key: 'sluice-read' } },
      { onEnvelope: (e) => e.ack() },
    )
    await waitFor(() => s3.calls.putTags === 1, 'the tag')
    expect(s3.object('inbox', 'in/t.txt')?.tags).toEqual([
      { key: 'team', value: 'data' },
      { key: 'sluice-read', value: 'true' },
    ])
    await tag.close()
  })

  it('commits an object read to its end whose records are acked after stop, before drained resolves', async () => {
    const s3 = new FakeS3()
    s3.put('inbox', 'in/a.txt', lines('a', 3))
    const run = startS3(s3, { afterRead: { action: 'delete' } })
    await waitFor(() => run.received.length === 3, 'every record')
    await run.source.stop()
    for (const e of run.received) e.ack()
    await run.source.drained()
    expect(s3.object('inbox', 'in/a.txt')).toBeUndefined()
    await run.close()
  })

  it('a retryable nack stops reading the object, leaves it uncommitted and reads it again', async () => {
    const s3 = new FakeS3()
    s3.put('inbox', 'in/a.txt', lines('a', 50))
    let nacked = false
    const run = startS3(
      s3,
      { afterRead: { action: 'delete' }, maxRecordsInFlight: 5 },
      {
        onEnvelope: (e) => {
          if (!nacked && e.meta.recordNumber === 2) {
            nacked = true
            e.nack(retryableError('sink.down', 'down'))
          } else e.ack()
        },
      },
    )
    await waitFor(
      () => s3.object('inbox', 'in/a.txt') === undefined,
      'the object committed on the second read',
      5_000,
    )
    const firstPass = run.received.findIndex((e, i) => i > 0 && e.meta.recordNumber === 1)
    expect(firstPass).toBeGreaterThan(1)
    expect(firstPass).toBeLessThan(10)
    expect(run.received.length - firstPass).toBe(50)
    expect(s3.deletes.get('in/a.txt')).toBe(1)
    await run.close()
  })

  it('a permanent nack leaves the object in place, checkpointed as failed, and not read again', async () => {
    const s3 = new FakeS3()
    s3.put('inbox', 'in/a.txt', lines('a', 4))
    const run = startS3(
      s3,
      { afterRead: { action: 'delete' } },
      {
        onEnvelope: (e) =>
          e.meta.recordNumber === 2 ? e.nack(permanentError('sink.invalid', 'bad')) : e.ack(),
      },
    )
    await waitFor(() => run.context.log.at('error').length === 1, 'the failure')
    const lists = s3.calls.list
    await waitFor(() => s3.calls.list > lists + 1, 'more listings', 5_000)
    expect(run.received).toHaveLength(4)
    expect(s3.object('inbox', 'in/a.txt')).toBeDefined()
    expect(run.context.log.entries.find((e) => e.level === 'error')?.fields).toMatchObject({
      code: 'sink.invalid',
    })
    await run.close()
  })

  it('skips objects modified within stableTimeSeconds and reads in lastModified or key order', async () => {
    const s3 = new FakeS3()
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000)
    s3.put('inbox', 'in/b.txt', 'b', { lastModified: at(30) })
    s3.put('inbox', 'in/a.txt', 'a', { lastModified: at(10) })
    s3.put('inbox', 'in/c.txt', 'c', { lastModified: at(40) })
    s3.put('inbox', 'in/fresh.txt', 'fresh', { lastModified: new Date() })
    const byAge = startS3(
      s3,
      { stableTimeSeconds: 60, maxObjectsInFlight: 1 },
      { onEnvelope: (e) => e.ack() },
    )
    await waitFor(() => byAge.received.length === 3, 'the stable objects')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(byAge.received.map((e) => e.body)).toEqual(['c', 'b', 'a'])
    await byAge.close()
    const byKey = startS3(s3, { ordering: 'key', maxObjectsInFlight: 1 }, { onEnvelope: (e) => e.ack() })
    await waitFor(() => byKey.received.length === 4, 'every object')
    expect(byKey.received.map((e) => e.body)).toEqual(['a', 'b', 'c', 'fresh'])
    await byKey.close()
  })

  it('reads at most maxObjectsInFlight objects at once', async () => {
    const s3 = new FakeS3()
    for (let i = 0; i < 6; i++) s3.put('inbox', `in/${i}.txt`, lines(`o${i}`, 3))
    const run = startS3(s3, { maxObjectsInFlight: 2, maxRecordsInFlight: 100 })
    await waitFor(() => run.received.length === 6, 'the records of two objects')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(new Set(run.received.map((e) => e.meta.key)).size).toBe(2)
    for (const e of run.received) e.ack()
    await waitFor(() => run.received.length >= 9, 'further objects once those are done')
    await new Promise((resolve) => setTimeout(resolve, 200))
    const unsettled = run.received.filter((e) => !e.isSettled)
    expect(unsettled).toHaveLength(6)
    expect(new Set(unsettled.map((e) => e.meta.key)).size).toBe(2)
    await run.close()
  })

  it('applies the key filter and prefix depth', async () => {
    const s3 = new FakeS3()
    for (const key of ['in/a.csv', 'in/b.json', 'in/deep/c.csv', 'other/d.csv']) s3.put('inbox', key, key)
    const run = startS3(
      s3,
      { includeSubPrefixes: false, keyFilter: { type: 'glob', pattern: '*.csv' } },
      { onEnvelope: (e) => e.ack() },
    )
    await waitFor(() => run.received.length >= 1, 'a record')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(run.received.map((e) => e.body)).toEqual(['in/a.csv'])
    await run.close()
  })

  it('fails messages with a coded error when the bucket is missing or access is denied', async () => {
    const missing = startS3(new FakeS3(), { bucket: 'nowhere' })
    await waitFor(() => missing.failure() !== undefined, 'the failure')
    expect(missing.failure()).toMatchObject({ code: 'source.bucket-missing' })
    await missing.close()
    const s3 = new FakeS3()
    s3.bucket('inbox')
    s3.failNext(
      'list',
      Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
    )
    const denied = startS3(s3)
    await waitFor(() => denied.failure() !== undefined, 'the failure')
    expect(denied.failure()).toMatchObject({ code: 'source.access-denied' })
    expect(String(denied.failure())).toContain('s3:ListBucket')
    await denied.close()
  })

  it('lists on a cron schedule (6 fields: every second)', async () => {
    const s3 = new FakeS3()
    s3.bucket('inbox')
    const run = startS3(s3, {
      discovery: { mode: 'poll', schedule: { type: 'cron', expression: '* * * * * *' } },
    })
    await waitFor(() => s3.calls.list >= 2, 'two listings', 5_000)
    s3.put('inbox', 'in/late.txt', 'late')
    await waitFor(() => run.received.length === 1, 'the new object')
    await run.close()
  })

  it('refuses, when created, a cron schedule it cannot use, with a ConfigError naming the field', () => {
    const s3 = new FakeS3()
    const create = (schedule: object) => () => startS3(s3, { discovery: { mode: 'poll', schedule } })
    expect(create({ type: 'cron', expression: '0 0 30 2 *' })).toThrow(ConfigError)
    expect(create({ type: 'cron', expression: '0 0 30 2 *' })).toThrow(/never fires/)
    expect(create({ type: 'cron', expression: '0 25 * * *' })).toThrow(
      expect.objectContaining({ code: 'source.cron-invalid', path: '/spec/discovery/schedule/expression' }),
    )
  })
})
