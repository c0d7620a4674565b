import { sinkS3 } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { isDependencyError } from '../../runtime/errors.ts'
import { FakeAwsError } from '../testing/fake-backend.ts'
import { FakeUploader } from '../testing/fake-uploader.ts'
import { ManualScheduler, settleAsync } from '../testing/manual-scheduler.ts'
import { resolvedSpec } from '../testing/resolved-spec.ts'
import { SettleRecorder, testContext } from '../testing/sink-context.ts'
import { createS3Sink } from './s3-sink.ts'

function setup(overrides: Record<string, unknown> = {}, idleRolloverMs = 60_000) {
  const spec = resolvedSpec(sinkS3, {
    connection: 'local',
    bucket: 'archive',
    keyTemplate: 'out/${msg:body.tenant:-all}/${date:HHmmss}.ndjson',
    format: { type: 'ndjson' },
    ...overrides,
  })
  const uploader = new FakeUploader()
  const scheduler = new ManualScheduler()
  const stopper = new AbortController()
  const context = testContext(stopper.signal)
  const sink = createS3Sink(spec, context, { uploader, scheduler, idleRolloverMs })
  const owner = new SettleRecorder()
  const write = (body: unknown) => {
    const envelope = owner.envelope(body)
    sink.write(envelope)
    return envelope
  }
  return { sink, uploader, scheduler, owner, write, context, stopper }
}

describe('S3 sink', () => {
  it('streams records into one object and acks them only once it is complete', async () => {
    const t = setup()
    const envelopes = [t.write({ n: 1 }), t.write('{"n": 2}'), t.write('not json')]
    await settleAsync()
    expect(t.owner.counts(envelopes)).toEqual({ pending: 3 })
    await t.sink.flush()
    expect(t.owner.counts(envelopes)).toEqual({ acked: 3 })
    expect(t.uploader.texts()).toEqual([
      { key: 'out/all/221320.ndjson', text: '{"n":1}\n{"n":2}\n"not json"\n' },
    ])
    expect(t.uploader.stored[0]?.params).toMatchObject({
      Bucket: 'archive',
      ContentType: 'application/x-ndjson',
      IfNoneMatch: '*',
    })
    expect(t.context.metrics.batches).toEqual([{ entries: 3, maxEntries: 100_000 }])
  })

  it('rolls over by record count, completing full objects without a flush', async () => {
    const t = setup({ rollover: { maxRecords: 2 } })
    const envelopes = [1, 2, 3, 4, 5].map((n) => t.write({ n }))
    await settleAsync()
    expect(t.owner.counts(envelopes)).toEqual({ acked: 4, pending: 1 })
    await t.sink.flush()
    expect(t.uploader.texts().map((o) => o.text.split('\n').length - 1)).toEqual([2, 2, 1])
  })

  it('gives objects rolled over within one tick of the key template’s dates keys of their own', async () => {
    const t = setup({ rollover: { maxRecords: 2 } })
    for (const n of [1, 2, 3, 4, 5]) t.write({ n })
    await t.sink.flush()
    const [first, ...rest] = t.uploader.texts().map((o) => o.key)
    expect(first).toMatch(/^out\/all\/\d{6}\.ndjson$/)
    expect(rest).toEqual([first?.replace('.ndjson', '-1.ndjson'), first?.replace('.ndjson', '-2.ndjson')])
  })

  it('rolls over before an uncompressed object would pass maxBytes', async () => {
    const t = setup({ rollover: { maxBytes: 25 } })
    for (const n of [1, 2, 3, 4, 5]) t.write({ n })
    await t.sink.flush()
    const sizes = t.uploader.stored.map((o) => o.body.length)
    expect(sizes).toEqual([24, 16])
  })

  it('completes an object after maxSeconds, and after a quiet spell with no record', async () => {
    const timed = setup({ rollover: { maxSeconds: 5 } }, 60_000)
    const first = timed.write({ n: 1 })
    timed.scheduler.advance(4_999)
    await settleAsync()
    expect(timed.owner.outcomeOf(first)).toBe('pending')
    timed.scheduler.advance(1)
    await settleAsync()
    expect(timed.owner.outcomeOf(first)).toBe('acked')

    const idle = setup({}, 1_000)
    const a = idle.write({ n: 1 })
    idle.scheduler.advance(900)
    const b = idle.write({ n: 2 })
    idle.scheduler.advance(900)
    await settleAsync()
    expect(idle.owner.counts([a, b])).toEqual({ pending: 2 })
    idle.scheduler.advance(100)
    await settleAsync()
    expect(idle.owner.counts([a, b])).toEqual({ acked: 2 })
    expect(idle.uploader.stored).toHaveLength(1)
  })

  it('routes messages to one object per rendered key, completing the oldest beyond maxOpenObjects', async () => {
    const t = setup({ maxOpenObjects: 2 })
    const a1 = t.write({ tenant: 'a' })
    t.write({ tenant: 'b' })
    t.scheduler.advance(1_000)
    t.write({ tenant: 'a' })
    await settleAsync()
    expect(t.owner.outcomeOf(a1)).toBe('pending')
    t.write({ tenant: 'c' })
    await settleAsync()
    expect(t.owner.outcomeOf(a1)).toBe('acked')
    await t.sink.flush()
    expect(t.uploader.texts().map((o) => [o.key, o.text.split('\n').length - 1])).toEqual([
      ['out/a/221320.ndjson', 2],
      ['out/b/221320.ndjson', 1],
      ['out/c/221321.ndjson', 1],
    ])
  })

  it('writes CSV with a header from the first record, quoting where needed', async () => {
    const t = setup({ format: { type: 'csv', lineEnding: 'crlf' }, keyTemplate: 'r.csv' })
    t.write({ id: 1, note: 'plain', extra: { a: 1 } })
    t.write({ id: 2, note: 'has, comma and "quotes"' })
    const bad = t.write('not an object')
    await t.sink.flush()
    expect(t.uploader.texts()[0]?.text).toBe(
      'id,note,extra\r\n1,plain,"{""a"":1}"\r\n2,"has, comma and ""quotes""",\r\n',
    )
    expect(t.owner.outcomeOf(bad)).toMatchObject({ code: 'sink.csv-record-invalid', permanent: true })
  })

  it('writes CSV columns chosen in the spec, with another delimiter and no header', async () => {
    const t = setup({
      format: { type: 'csv', columns: ['b', 'a.x'], delimiter: ';', hasHeader: false },
      keyTemplate: 'r.csv',
    })
    t.write({ a: { x: 'x;1' }, b: 2, c: 3 })
    await t.sink.flush()
    expect(t.uploader.texts()[0]?.text).toBe('2;"x;1"\n')
  })

  it('writes text lines as they are and other bodies as JSON', async () => {
    const t = setup({ format: { type: 'lines' }, keyTemplate: 'log.txt' })
    t.write('first line')
    t.write({ second: true })
    await t.sink.flush()
    expect(t.uploader.texts()[0]?.text).toBe('first line\n{"second":true}\n')
    expect(t.uploader.stored[0]?.params.ContentType).toBe('text/plain')
  })

  it('compresses with gzip while streaming', async () => {
    const t = setup({ compression: 'gzip', keyTemplate: 'x.ndjson.gz' })
    for (let n = 0; n < 100; n++) t.write({ n })
    await t.sink.flush()
    const text = t.uploader.texts(true)[0]?.text ?? ''
    expect(text.split('\n').slice(0, 2)).toEqual(['{"n":0}', '{"n":1}'])
    expect(text.split('\n')).toHaveLength(101)
  })

  it('writes one object per message for the whole format, at most maxOpenObjects at once', async () => {
    const t = setup({
      format: { type: 'whole' },
      keyTemplate: 'docs/${msg:body.id}.json',
      maxOpenObjects: 2,
      onExists: 'overwrite',
    })
    t.uploader.hold()
    const envelopes = [1, 2, 3, 4, 5].map((id) => t.write({ id }))
    await settleAsync()
    expect(t.uploader.active).toBe(2)
    t.uploader.release()
    await t.sink.flush()
    expect(t.owner.counts(envelopes)).toEqual({ acked: 5 })
    expect(t.uploader.maxActive).toBe(2)
    expect(t.uploader.texts().map((o) => o.key)).toEqual([
      'docs/1.json',
      'docs/2.json',
      'docs/3.json',
      'docs/4.json',
      'docs/5.json',
    ])
    expect(t.uploader.texts()[0]?.text).toBe('{"id":1}')
    expect(t.uploader.stored[0]?.params.IfNoneMatch).toBeUndefined()
  })

  it('acks the records of an existing key with onExists skip, and nacks them retryable with fail', async () => {
    const exists = () =>
      new FakeAwsError(
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
        412,
      )
    const skip = setup({ onExists: 'skip' })
    skip.uploader.failWith = exists
    const kept = skip.write({ n: 1 })
    await skip.sink.flush()
    expect(skip.owner.outcomeOf(kept)).toBe('acked')

    const fail = setup({ onExists: 'fail' })
    fail.uploader.failWith = exists
    const refused = fail.write({ n: 1 })
    await fail.sink.flush()
    expect(fail.owner.outcomeOf(refused)).toMatchObject({ code: 'sink.object-exists', permanent: false })
  })

  it('nacks every record of a failed upload, permanently or not as the error says', async () => {
    const invalid = setup()
    invalid.uploader.failWith = () => new FakeAwsError('InvalidStorageClass', 'not a class', 400)
    const records = [invalid.write({ n: 1 }), invalid.write({ n: 2 })]
    await invalid.sink.flush()
    expect(invalid.owner.counts(records)).toEqual({ permanent: 2 })
    expect(invalid.owner.outcomeOf(records[0] ?? invalid.write({}))).toMatchObject({
      code: 'aws.InvalidStorageClass',
    })

    const slow = setup()
    slow.uploader.failWith = () => new FakeAwsError('SlowDown', 'Reduce your request rate', 503)
    const record = slow.write({ n: 1 })
    await slow.sink.flush()
    expect(slow.owner.outcomeOf(record)).toMatchObject({ code: 'aws.SlowDown', permanent: false })
  })

  it.each([
    ['AccessDenied', 403, 'aws.access-denied'],
    ['NoSuchBucket', 404, 'aws.not-found'],
    ['InvalidAccessKeyId', 403, 'aws.invalid-credentials'],
  ])('nacks the records of an upload refused with %s as a dependency failure', async (name, status, code) => {
    const t = setup()
    t.uploader.failWith = () => new FakeAwsError(name, 'refused', status)
    const records = [t.write({ n: 1 }), t.write({ n: 2 })]
    await t.sink.flush()
    expect(t.owner.counts(records)).toEqual({ retryable: 2 })
    const error = t.owner.outcomeOf(records[0] ?? t.write({}))
    expect(error).toMatchObject({ code, permanent: false })
    expect(isDependencyError(error)).toBe(true)
  })

  it('sets content type and metadata from the first message, and the fixed parameters of the spec', async () => {
    const t = setup({
      contentType: 'application/vnd.${msg:body.kind}+json',
      metadata: { tenant: '${msg:body.tenant}', origin: 'sluice' },
      tags: { retention: '1y', team: 'data & ops' },
      storageClass: 'STANDARD_IA',
      serverSideEncryption: { type: 'aws:kms', kmsKeyId: 'alias/archive' },
    })
    t.write({ kind: 'order', tenant: 'acme' })
    await t.sink.flush()
    expect(t.uploader.stored[0]?.params).toMatchObject({
      ContentType: 'application/vnd.order+json',
      Metadata: { tenant: 'acme', origin: 'sluice' },
      Tagging: 'retention=1y&team=data+%26+ops',
      StorageClass: 'STANDARD_IA',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/archive',
      BucketKeyEnabled: true,
    })
  })

  it('refuses metadata that cannot travel as a header, without opening an object', async () => {
    const t = setup({ metadata: { name: '${msg:body.name}' } })
    const envelope = t.write({ name: 'Zoë' })
    await t.sink.flush()
    expect(t.owner.outcomeOf(envelope)).toMatchObject({ code: 'sink.metadata-invalid', permanent: true })
    expect(t.uploader.started).toHaveLength(0)
  })

  it('nacks open records when the workflow stops, and refuses writes after close', async () => {
    const t = setup()
    t.uploader.hold()
    const envelope = t.write({ n: 1 })
    t.stopper.abort()
    t.uploader.release()
    await t.sink.close()
    expect(t.owner.outcomeOf(envelope)).toMatchObject({ code: 'sink.stopped', permanent: false })
    const late = t.write({ n: 2 })
    expect(t.owner.outcomeOf(late)).toMatchObject({ code: 'sink.closed' })
  })
})
