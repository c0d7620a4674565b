import Value from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { isResolved } from '../spec/guards.ts'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'
import { sinkKinesis } from './sink-kinesis.ts'

const base = { connection: 'aws', stream: 'orders', partitionKey: '${msg:body.customerId}' }
const codes = (spec: unknown) =>
  validateAsset(builtinRegistry, { kind: 'sink.kinesis', name: 'stream', spec }).issues.map((i) => [
    i.path,
    i.code,
  ])

describe('sink.kinesis', () => {
  it.each([
    ['a stream name, defaults applied', {}],
    ['a stream ARN', { stream: 'arn:aws:kinesis:eu-central-1:123456789012:stream/orders' }],
    ['a macro stream', { stream: '${lay:ORDER_STREAM}' }],
    ['a constant partition key', { partitionKey: 'all' }],
    ['an explicit hash key', { explicitHashKey: '170141183460469231731687303715884105728' }],
    ['a per-message explicit hash key', { explicitHashKey: '${msg:body.hashKey}' }],
    ['full batches', { batching: { maxEntries: 500, maxBytes: 5_242_880 } }],
    ['a macro in a number field', { maxInFlight: '${lay:PARALLEL}' }],
  ])('accepts %s', (_title, spec) => {
    expect(codes({ ...base, ...spec })).toEqual([])
  })

  it.each([
    [
      'more than 500 records a call',
      { batching: { maxEntries: 501 } },
      [['/spec/batching/maxEntries', 'schema.range']],
    ],
    [
      'more than 5 MiB a call',
      { batching: { maxBytes: 5_242_881 } },
      [['/spec/batching/maxBytes', 'schema.range']],
    ],
    ['a negative linger', { batching: { lingerMs: -1 } }, [['/spec/batching/lingerMs', 'schema.range']]],
    ['an empty partition key', { partitionKey: '' }, [['/spec/partitionKey', 'schema.range']]],
    [
      'a partition key over 256 characters',
      { partitionKey: 'k'.repeat(257) },
      [['/spec/partitionKey', 'schema.range']],
    ],
    [
      'a hash key that is not a number',
      { explicitHashKey: 'abc' },
      [['/spec/explicitHashKey', 'schema.pattern']],
    ],
    ['a stream name with spaces', { stream: 'my stream' }, [['/spec/stream', 'schema.pattern']]],
    [
      'a firehose ARN',
      { stream: 'arn:aws:firehose:eu-central-1:123456789012:deliverystream/x' },
      [['/spec/stream', 'schema.pattern']],
    ],
    ['an unknown field', { aggregation: true }, [['/spec/aggregation', 'schema.unknown-field']]],
    ['retries as text', { retry: { maxAttempts: 'many' } }, [['/spec/retry/maxAttempts', 'schema.type']]],
    [
      'a per-message macro in the stream',
      { stream: '${msg:body.stream}' },
      [['/spec/stream', 'macro.phase']],
    ],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes({ ...base, ...spec })).toEqual(expected)
  })

  it('needs a partition key', () => {
    expect(codes({ connection: 'aws', stream: 'orders' })).toEqual([
      ['/spec/partitionKey', 'schema.required'],
    ])
  })

  it('puts records on the exact stream', () => {
    const spec = Value.Default(sinkKinesis.spec, { ...base })
    if (!isResolved(sinkKinesis, spec) || !sinkKinesis.iam) throw new Error('spec does not resolve')
    expect(
      sinkKinesis.iam(spec, { partition: 'aws-cn', region: 'cn-north-1', account: '123456789012' }),
    ).toEqual([
      {
        Effect: 'Allow',
        Action: ['kinesis:PutRecords', 'kinesis:PutRecord', 'kinesis:DescribeStreamSummary'],
        Resource: ['arn:aws-cn:kinesis:cn-north-1:123456789012:stream/orders'],
      },
    ])
  })
})
