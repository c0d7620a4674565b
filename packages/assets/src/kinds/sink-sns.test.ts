import Value from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { isResolved } from '../spec/guards.ts'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'
import { sinkSns } from './sink-sns.ts'

const topic = 'arn:aws:sns:eu-central-1:123456789012:orders'
const fifo = `${topic}.fifo`
const base = { connection: 'aws', topicArn: topic }
const codes = (spec: unknown) =>
  validateAsset(builtinRegistry, { kind: 'sink.sns', name: 'topic', spec }).issues.map((i) => [
    i.path,
    i.code,
  ])

describe('sink.sns', () => {
  it.each([
    ['a standard topic, defaults applied', {}],
    ['a macro topic with FIFO ids, checked once resolved', { topicArn: '${lay:TOPIC}', messageGroupId: 'g' }],
    ['a FIFO topic with a group id', { topicArn: fifo, messageGroupId: '${msg:body.customerId}' }],
    [
      'a FIFO topic with templated deduplication',
      {
        topicArn: fifo,
        messageGroupId: 'all',
        deduplication: { strategy: 'template', template: '${msg:body.id}' },
      },
    ],
    ['a per-message subject', { subject: 'Order ${msg:body.id}' }],
    ['a topic chosen per message', { topicArn: `${topic}-\${msg:body.region}` }],
    [
      'attributes of every type',
      {
        messageAttributes: [
          { name: 'kind', value: '${msg:body.kind}' },
          { name: 'count', type: 'Number', value: '3' },
          { name: 'tags', type: 'String.Array', value: '["a","b"]' },
          { name: 'blob', type: 'Binary', value: 'AAEC' },
        ],
      },
    ],
    [
      'a macro in a number field',
      { maxInFlight: '${lay:PARALLEL}', batching: { lingerMs: '${lay:LINGER}' } },
    ],
  ])('accepts %s', (_title, spec) => {
    expect(codes({ ...base, ...spec })).toEqual([])
  })

  it.each([
    ['a topic name instead of an ARN', { topicArn: 'orders' }, [['/spec/topicArn', 'schema.pattern']]],
    [
      'more than 10 entries a batch',
      { batching: { maxEntries: 11 } },
      [['/spec/batching/maxEntries', 'schema.range']],
    ],
    [
      'more than 256 KiB a batch',
      { batching: { maxBytes: 262_145 } },
      [['/spec/batching/maxBytes', 'schema.range']],
    ],
    ['a subject over 100 characters', { subject: 'x'.repeat(101) }, [['/spec/subject', 'schema.range']]],
    [
      'an unknown attribute type',
      { messageAttributes: [{ name: 'a', type: 'Date', value: 'x' }] },
      [['/spec/messageAttributes/0/type', 'schema.enum']],
    ],
    [
      'a reserved attribute name',
      { messageAttributes: [{ name: 'AWS.trace', value: 'x' }] },
      [['/spec/messageAttributes/0/name', 'schema.pattern']],
    ],
    [
      'an attribute without a value',
      { messageAttributes: [{ name: 'a' }] },
      [['/spec/messageAttributes/0/value', 'schema.required']],
    ],
    [
      'eleven attributes',
      { messageAttributes: Array.from({ length: 11 }, (_, i) => ({ name: `a${i}`, value: 'v' })) },
      [['/spec/messageAttributes', 'schema.range']],
    ],
    [
      'an unknown deduplication',
      { deduplication: { strategy: 'random' } },
      [['/spec/deduplication/strategy', 'schema.enum']],
    ],
    [
      'an unknown retry field',
      { retry: { forever: true } },
      [['/spec/retry/forever', 'schema.unknown-field']],
    ],
    [
      'an attribute set twice',
      {
        messageAttributes: [
          { name: 'a', value: '1' },
          { name: 'a', value: '2' },
        ],
      },
      [['/spec/messageAttributes/1/name', 'rule.violation']],
    ],
    ['a FIFO topic without a group id', { topicArn: fifo }, [['/spec/messageGroupId', 'rule.violation']]],
    ['a group id on a standard topic', { messageGroupId: 'g' }, [['/spec/messageGroupId', 'rule.violation']]],
    [
      'deduplication on a standard topic',
      { deduplication: { strategy: 'unique' } },
      [['/spec/deduplication/strategy', 'rule.violation']],
    ],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes({ ...base, ...spec })).toEqual(expected)
  })

  it('publishes to the topic only', () => {
    const spec = Value.Default(sinkSns.spec, { ...base })
    if (!isResolved(sinkSns, spec) || !sinkSns.iam) throw new Error('spec does not resolve')
    expect(sinkSns.iam(spec, { partition: 'aws', region: 'eu-central-1', account: '*' })).toEqual([
      { Effect: 'Allow', Action: ['sns:Publish', 'sns:GetTopicAttributes'], Resource: [topic] },
    ])
  })

  it('covers every topic a per-message topic can render to, and no other', () => {
    const spec = Value.Default(sinkSns.spec, { ...base, topicArn: `${topic}-\${msg:body.region}` })
    if (!isResolved(sinkSns, spec) || !sinkSns.iam) throw new Error('spec does not resolve')
    const [statement] = sinkSns.iam(spec, { partition: 'aws', region: 'eu-central-1', account: '*' })
    expect(statement?.Resource).toEqual([`${topic}-*`])
  })
})
