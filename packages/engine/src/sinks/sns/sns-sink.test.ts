import { sinkSns } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { type BatchingHarness, describeBatchingSink, startHarness } from '../testing/batching-conformance.ts'
import { fakeSnsPublisher } from '../testing/fake-clients.ts'
import { resolvedSpec } from '../testing/resolved-spec.ts'
import { createSnsSink, SNS_MAX_MESSAGE_BYTES, type SnsSinkSpec } from './sns-sink.ts'

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:orders'

const harness: BatchingHarness<SnsSinkSpec> = {
  service: 'SNS',
  action: 'sns:Publish',
  maxEntries: 10,
  spec: (overrides) => resolvedSpec(sinkSns, { connection: 'local', topicArn: TOPIC, ...overrides }),
  create: (spec, env) =>
    createSnsSink(spec, env.context, { client: fakeSnsPublisher(env.backend), scheduler: env.scheduler }),
  bodyOf: (body) => JSON.stringify(body),
  oversizedBody: { pad: 'x'.repeat(SNS_MAX_MESSAGE_BYTES) },
  retryableEntryCode: 'Throttled',
  permanentEntryCode: 'InvalidParameter',
  templated: {
    overrides: {
      subject: 'Order ${msg:body.orderId}',
      messageAttributes: [
        { name: 'tenant', value: '${msg:attributes.tenant}' },
        { name: 'total', type: 'Number', value: '${msg:body.total}' },
        { name: 'tags', type: 'String.Array', value: '${msg:body.tags}' },
        { name: 'blob', type: 'Binary', value: 'AAEC' },
      ],
    },
    body: { orderId: 'o-1', total: 12.5, tags: ['a', 'b'] },
    attributes: { tenant: 'acme' },
    fields: {
      subject: 'Order o-1',
      tenant: 'String:acme',
      total: 'Number:12.5',
      tags: 'String.Array:["a","b"]',
      blob: 'Binary:AAEC',
    },
    missingBody: { total: 1, tags: [] },
  },
  fifo: {
    overrides: {
      topicArn: `${TOPIC}.fifo`,
      messageGroupId: '${msg:body.group}',
      deduplication: { strategy: 'template', template: '${msg:body.id}' },
    },
  },
}

describeBatchingSink(harness)

describe('SNS sink', () => {
  it('publishes to the topic each message renders, one call per topic', async () => {
    // The sink.sns asset type takes a static topic ARN today; the engine already batches per rendered topic.
    const t = startHarness(harness, {}, (spec) => {
      spec.topicArn = 'arn:aws:sns:us-east-1:000000000000:${msg:body.topic}'
    })
    for (const topic of ['a', 'b', 'a']) t.sink.write(t.owner.envelope({ topic }))
    await t.sink.flush()
    const byTopic = Object.fromEntries(
      t.backend.calls.map((c) => [c.target.split(':').at(-1), c.entries.length]),
    )
    expect(byTopic).toEqual({ a: 2, b: 1 })
  })

  it('counts message attributes against the size limit', async () => {
    const t = startHarness(harness, { messageAttributes: [{ name: 'big', value: '${msg:body.big}' }] })
    const body = { big: 'y'.repeat(SNS_MAX_MESSAGE_BYTES - 100) }
    const envelope = t.owner.envelope(body)
    t.sink.write(envelope)
    expect(t.owner.outcomeOf(envelope)).toMatchObject({ code: 'sink.too-large' })
  })

  it('hashes the body for contentHash deduplication and leaves out empty attributes', async () => {
    const t = startHarness(harness, {
      topicArn: `${TOPIC}.fifo`,
      messageGroupId: 'all',
      deduplication: { strategy: 'contentHash' },
      messageAttributes: [{ name: 'maybe', value: '${msg:body.maybe:-}' }],
    })
    t.sink.write(t.owner.envelope('hello'))
    await t.sink.flush()
    const entry = t.backend.calls[0]?.entries[0]
    expect(entry?.dedupId).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824')
    expect(entry?.fields).toEqual({})
  })

  it('refuses a Number attribute that is not a number, and a subject over 100 characters', () => {
    const t = startHarness(harness, {
      subject: '${msg:body.subject}',
      messageAttributes: [{ name: 'n', type: 'Number', value: '${msg:body.n}' }],
    })
    const notNumber = t.owner.envelope({ n: 'twelve', subject: 's' })
    const longSubject = t.owner.envelope({ n: 1, subject: 's'.repeat(101) })
    t.sink.write(notNumber)
    t.sink.write(longSubject)
    expect(t.owner.outcomeOf(notNumber)).toMatchObject({ code: 'sink.attribute-invalid', permanent: true })
    expect(t.owner.outcomeOf(longSubject)).toMatchObject({ code: 'sink.subject-invalid', permanent: true })
  })
})
