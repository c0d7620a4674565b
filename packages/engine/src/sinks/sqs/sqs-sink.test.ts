import { sinkSqs } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { type BatchingHarness, describeBatchingSink, startHarness } from '../testing/batching-conformance.ts'
import { fakeSqsSender } from '../testing/fake-clients.ts'
import { resolvedSpec } from '../testing/resolved-spec.ts'
import { createSqsSink, type SqsSinkSpec } from './sqs-sink.ts'

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/orders'

const harness: BatchingHarness<SqsSinkSpec> = {
  service: 'SQS',
  action: 'sqs:SendMessage',
  maxEntries: 10,
  spec: (overrides) => resolvedSpec(sinkSqs, { connection: 'local', queue: QUEUE_URL, ...overrides }),
  create: (spec, env) =>
    createSqsSink(spec, env.context, { client: fakeSqsSender(env.backend), scheduler: env.scheduler }),
  bodyOf: (body) => JSON.stringify(body),
  oversizedBody: { pad: 'x'.repeat(262_144) },
  retryableEntryCode: 'InternalError',
  permanentEntryCode: 'InvalidParameterValue',
  templated: {
    overrides: {
      delaySeconds: 5,
      messageAttributes: [
        { name: 'tenant', value: '${msg:attributes.tenant}' },
        { name: 'amount', type: 'Number', value: '${msg:body.amount}' },
        { name: 'day', value: '${date:yyyy-MM-dd}' },
      ],
    },
    body: { amount: 3 },
    attributes: { tenant: 'acme' },
    fields: { tenant: 'String:acme', amount: 'Number:3', day: 'String:2023-11-14', delaySeconds: '5' },
    missingBody: { other: true },
  },
  fifo: {
    overrides: {
      queue: 'orders.fifo',
      messageGroupId: '${msg:body.group}',
      deduplication: { strategy: 'template', template: '${msg:body.id}' },
    },
  },
}

describeBatchingSink(harness)

describe('SQS sink', () => {
  it('resolves a queue name to its URL once and sends every call there', async () => {
    const t = startHarness(harness, { queue: 'orders' })
    t.sink.write(t.owner.envelope('a'))
    await t.sink.flush()
    t.sink.write(t.owner.envelope('b'))
    await t.sink.flush()
    expect(t.backend.lookups).toEqual(['orders'])
    expect(t.backend.calls.map((c) => c.target)).toEqual([
      'https://sqs.fake/000000000000/orders',
      'https://sqs.fake/000000000000/orders',
    ])
  })

  it('sends a string body as it is and a JSON body as JSON text', async () => {
    const t = startHarness(harness, {})
    t.sink.write(t.owner.envelope('plain text'))
    t.sink.write(t.owner.envelope({ a: [1, 2] }))
    await t.sink.flush()
    expect(t.backend.calls[0]?.entries.map((e) => e.body)).toEqual(['plain text', '{"a":[1,2]}'])
  })

  it('makes one random deduplication id per message, kept across retries', async () => {
    const t = startHarness(harness, {
      queue: 'orders.fifo',
      messageGroupId: 'g',
      deduplication: { strategy: 'unique' },
    })
    t.sink.write(t.owner.envelope('x'))
    t.sink.write(t.owner.envelope('x'))
    await t.sink.flush()
    const [first, second] = t.backend.calls[0]?.entries ?? []
    expect(first?.dedupId).toMatch(/^[0-9a-f-]{36}$/)
    expect(first?.dedupId).not.toBe(second?.dedupId)
  })

  it('refuses empty bodies and characters SQS does not accept, before any call', async () => {
    const t = startHarness(harness, {})
    const empty = t.owner.envelope('')
    const control = t.owner.envelope('bell \u0007')
    t.sink.write(empty)
    t.sink.write(control)
    await t.sink.flush()
    expect(t.owner.outcomeOf(empty)).toMatchObject({ code: 'sink.empty-message', permanent: true })
    expect(t.owner.outcomeOf(control)).toMatchObject({ code: 'sink.invalid-characters', permanent: true })
    expect(t.backend.calls).toHaveLength(0)
  })
})
