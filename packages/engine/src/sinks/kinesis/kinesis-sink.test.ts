import { sinkKinesis } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { type BatchingHarness, describeBatchingSink, startHarness } from '../testing/batching-conformance.ts'
import { fakeKinesisPutter } from '../testing/fake-clients.ts'
import { resolvedSpec } from '../testing/resolved-spec.ts'
import { createKinesisSink, KINESIS_MAX_RECORD_BYTES, type KinesisSinkSpec } from './kinesis-sink.ts'

const harness: BatchingHarness<KinesisSinkSpec> = {
  service: 'Kinesis',
  action: 'kinesis:PutRecords',
  maxEntries: 500,
  spec: (overrides) =>
    resolvedSpec(sinkKinesis, { connection: 'local', stream: 'orders', partitionKey: 'fixed', ...overrides }),
  create: (spec, env) =>
    createKinesisSink(spec, env.context, {
      client: fakeKinesisPutter(env.backend),
      scheduler: env.scheduler,
    }),
  bodyOf: (body) => JSON.stringify(body),
  oversizedBody: { pad: 'x'.repeat(KINESIS_MAX_RECORD_BYTES) },
  retryableEntryCode: 'ProvisionedThroughputExceededException',
  permanentEntryCode: 'KMSDisabledException',
  templated: {
    overrides: { partitionKey: '${msg:body.customer}-${msg:attributes.region}' },
    body: { customer: 'c-9' },
    attributes: { region: 'eu' },
    fields: { partitionKey: 'c-9-eu' },
    missingBody: { other: 1 },
  },
}

describeBatchingSink(harness)

describe('Kinesis sink', () => {
  it('addresses the stream by ARN when given one', async () => {
    const t = startHarness(harness, { stream: 'arn:aws:kinesis:us-east-1:000000000000:stream/orders' })
    t.sink.write(t.owner.envelope('x'))
    await t.sink.flush()
    expect(t.backend.calls[0]?.target).toBe('arn:aws:kinesis:us-east-1:000000000000:stream/orders')
  })

  it('sends a bytes body as it is', async () => {
    const t = startHarness(harness, {})
    const bytes = t.owner.envelope(new Uint8Array([104, 105]))
    t.sink.write(bytes)
    await t.sink.flush()
    expect(t.owner.outcomeOf(bytes)).toBe('acked')
    expect(t.backend.calls[0]?.entries.map((e) => e.body)).toEqual(['hi'])
  })

  it('counts the partition key in the record size', () => {
    const t = startHarness(harness, { partitionKey: '${msg:body.key}' })
    const key = 'k'.repeat(200)
    const dataJustUnderLimit = { key, pad: 'x'.repeat(KINESIS_MAX_RECORD_BYTES - 220) }
    const overWithKey = t.owner.envelope(dataJustUnderLimit)
    t.sink.write(overWithKey)
    expect(t.owner.outcomeOf(overWithKey)).toMatchObject({ code: 'sink.too-large' })
  })

  it('renders an explicit hash key per message and refuses one out of range', async () => {
    const t = startHarness(harness, { partitionKey: 'p' }, (spec) => {
      // The asset type's validation refuses a template here today (its pattern is checked on the template text).
      spec.explicitHashKey = '${msg:body.hash}'
    })
    const good = t.owner.envelope({ hash: '340282366920938463463374607431768211455' })
    const tooBig = t.owner.envelope({ hash: '340282366920938463463374607431768211456' })
    t.sink.write(good)
    t.sink.write(tooBig)
    await t.sink.flush()
    expect(t.owner.outcomeOf(good)).toBe('acked')
    expect(t.owner.outcomeOf(tooBig)).toMatchObject({ code: 'sink.hash-key-invalid', permanent: true })
    expect(t.backend.calls[0]?.entries[0]?.fields.explicitHashKey).toBe(
      '340282366920938463463374607431768211455',
    )
  })

  it('refuses a partition key over 256 characters', () => {
    const t = startHarness(harness, { partitionKey: '${msg:body.key}' })
    const envelope = t.owner.envelope({ key: 'k'.repeat(257) })
    t.sink.write(envelope)
    expect(t.owner.outcomeOf(envelope)).toMatchObject({ code: 'sink.partition-key-invalid' })
  })

  it('packs calls by bytes as well as by count', async () => {
    const t = startHarness(harness, { batching: { maxBytes: 1000, lingerMs: 10 } })
    for (let i = 0; i < 5; i++) t.sink.write(t.owner.envelope('x'.repeat(295)))
    await t.sink.flush()
    expect(t.backend.calls.map((c) => c.entries.length)).toEqual([3, 2])
  })
})
