import Value from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { isResolved } from '../spec/guards.ts'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'
import { sinkSqs } from './sink-sqs.ts'

const fifoUrl = 'https://sqs.eu-central-1.amazonaws.com/123456789012/jobs.fifo'
const base = { connection: 'aws', queue: 'audit' }
const codes = (spec: unknown) =>
  validateAsset(builtinRegistry, { kind: 'sink.sqs', name: 'queue', spec }).issues.map((i) => [
    i.path,
    i.code,
  ])

describe('sink.sqs', () => {
  it.each([
    ['a queue name, defaults applied', {}],
    ['a delay on a standard queue', { delaySeconds: 900 }],
    ['a macro delay', { delaySeconds: '${lay:DELAY}' }],
    ['a FIFO queue by URL with a group id', { queue: fifoUrl, messageGroupId: '${msg:body.accountId}' }],
    [
      'a FIFO queue by name',
      { queue: 'jobs.fifo', messageGroupId: 'one', deduplication: { strategy: 'contentHash' } },
    ],
    [
      'a macro queue with FIFO ids, checked once resolved',
      { queue: '${lay:QUEUE}', messageGroupId: 'g', delaySeconds: 5 },
    ],
    [
      'attributes',
      {
        messageAttributes: [
          { name: 'tenant', value: '${msg:attributes.tenant}' },
          { name: 'n', type: 'Number', value: '1' },
        ],
      },
    ],
    ['a macro in a batching field', { batching: { maxEntries: '${lay:ENTRIES}' } }],
  ])('accepts %s', (_title, spec) => {
    expect(codes({ ...base, ...spec })).toEqual([])
  })

  it.each([
    ['a delay over 15 minutes', { delaySeconds: 901 }, [['/spec/delaySeconds', 'schema.range']]],
    ['a negative delay', { delaySeconds: -1 }, [['/spec/delaySeconds', 'schema.range']]],
    ['a delay as text', { delaySeconds: 'soon' }, [['/spec/delaySeconds', 'schema.type']]],
    [
      'more than 10 entries a batch',
      { batching: { maxEntries: 20 } },
      [['/spec/batching/maxEntries', 'schema.range']],
    ],
    ['no in-flight calls', { maxInFlight: 0 }, [['/spec/maxInFlight', 'schema.range']]],
    [
      'a String.Array attribute, which SQS lacks',
      { messageAttributes: [{ name: 'a', type: 'String.Array', value: '[]' }] },
      [['/spec/messageAttributes/0/type', 'schema.enum']],
    ],
    ['a queue name with spaces', { queue: 'my queue' }, [['/spec/queue', 'schema.pattern']]],
    ['an unknown field', { queueName: 'x' }, [['/spec/queueName', 'schema.unknown-field']]],
    ['a per-message macro in the queue', { queue: '${msg:queue}' }, [['/spec/queue', 'macro.phase']]],
    ['an unknown macro prefix', { queue: '${foo:bar}' }, [['/spec/queue', 'macro.unknown-prefix']]],
    ['a FIFO queue without a group id', { queue: fifoUrl }, [['/spec/messageGroupId', 'rule.violation']]],
    [
      'a delay on a FIFO queue',
      { queue: 'jobs.fifo', messageGroupId: 'g', delaySeconds: 10 },
      [['/spec/delaySeconds', 'rule.violation']],
    ],
    ['a group id on a standard queue', { messageGroupId: 'g' }, [['/spec/messageGroupId', 'rule.violation']]],
    [
      'deduplication on a standard queue',
      { deduplication: { strategy: 'template', template: '${msg:body.id}' } },
      [['/spec/deduplication/strategy', 'rule.violation']],
    ],
    [
      'an attribute set twice',
      {
        messageAttributes: [
          { name: 'x', value: '1' },
          { name: 'y', value: '2' },
          { name: 'x', value: '3' },
        ],
      },
      [['/spec/messageAttributes/2/name', 'rule.violation']],
    ],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes({ ...base, ...spec })).toEqual(expected)
  })

  it('sends to the queue the URL names', () => {
    const spec = Value.Default(sinkSqs.spec, { ...base, queue: fifoUrl, messageGroupId: 'g' })
    if (!isResolved(sinkSqs, spec) || !sinkSqs.iam) throw new Error('spec does not resolve')
    expect(sinkSqs.iam(spec, { partition: 'aws', region: 'us-east-1', account: '*' })).toEqual([
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes'],
        Resource: ['arn:aws:sqs:eu-central-1:123456789012:jobs.fifo'],
      },
    ])
  })
})
