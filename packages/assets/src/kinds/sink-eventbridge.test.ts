import Value from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { isResolved } from '../spec/guards.ts'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'
import { sinkEventbridge } from './sink-eventbridge.ts'

const base = { connection: 'aws', source: 'com.example.orders', detailType: 'OrderPlaced' }
const codes = (spec: unknown) =>
  validateAsset(builtinRegistry, { kind: 'sink.eventbridge', name: 'bus', spec }).issues.map((i) => [
    i.path,
    i.code,
  ])

describe('sink.eventbridge', () => {
  it.each([
    ['the default bus, defaults applied', {}],
    [
      'several buses by name and ARN',
      { eventBuses: ['ops', 'arn:aws:events:eu-west-1:210987654321:event-bus/x'] },
    ],
    ['a partner bus', { eventBuses: ['aws.partner/saas.com/123/orders'] }],
    ['a macro bus', { eventBuses: ['${lay:ORDER_BUS}'] }],
    [
      'per-message source and type',
      { source: 'com.example.${msg:body.domain}', detailType: '${msg:body.type}' },
    ],
    ['a detail field', { detail: { from: 'field', path: 'payload.order' } }],
    ['resources and a time', { resources: ['arn:aws:s3:::b/${msg:body.key}'], time: '${msg:body.at}' }],
    ['a macro in a number field', { batching: { maxBytes: '${lay:BYTES}' } }],
  ])('accepts %s', (_title, spec) => {
    expect(codes({ ...base, ...spec })).toEqual([])
  })

  it.each([
    ['no bus', { eventBuses: [] }, [['/spec/eventBuses', 'schema.range']]],
    ['a bus twice', { eventBuses: ['a', 'a'] }, [['/spec/eventBuses', 'schema.invalid']]],
    ['a bus with spaces', { eventBuses: ['my bus'] }, [['/spec/eventBuses/0', 'schema.pattern']]],
    ['a bus that is not text', { eventBuses: 'default' }, [['/spec/eventBuses', 'schema.type']]],
    [
      'more than 10 entries a call',
      { batching: { maxEntries: 11 } },
      [['/spec/batching/maxEntries', 'schema.range']],
    ],
    ['an unknown detail source', { detail: { from: 'header' } }, [['/spec/detail/from', 'schema.enum']]],
    [
      'a detail field without a path',
      { detail: { from: 'field' } },
      [['/spec/detail/path', 'schema.required']],
    ],
    [
      'a detail path with an empty segment',
      { detail: { from: 'field', path: 'a..b' } },
      [['/spec/detail/path', 'schema.pattern']],
    ],
    ['an unknown field', { eventBus: 'default' }, [['/spec/eventBus', 'schema.unknown-field']]],
    ['a per-message macro in a bus', { eventBuses: ['${msg:bus}'] }, [['/spec/eventBuses/0', 'macro.phase']]],
    ['a source reserved for AWS', { source: 'aws.s3' }, [['/spec/source', 'rule.violation']]],
    [
      'a templated source reserved for AWS',
      { source: 'aws.${msg:service}' },
      [['/spec/source', 'rule.violation']],
    ],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes({ ...base, ...spec })).toEqual(expected)
  })

  it('needs a source and a detail type', () => {
    expect(codes({ connection: 'aws' })).toEqual([
      ['/spec/source', 'schema.required'],
      ['/spec/detailType', 'schema.required'],
    ])
  })

  it('puts events on every bus, each by its exact ARN', () => {
    const spec = Value.Default(sinkEventbridge.spec, {
      ...base,
      eventBuses: ['default', 'arn:aws:events:us-east-1:210987654321:event-bus/central'],
    })
    if (!isResolved(sinkEventbridge, spec) || !sinkEventbridge.iam) throw new Error('spec does not resolve')
    expect(
      sinkEventbridge.iam(spec, { partition: 'aws', region: 'eu-central-1', account: '123456789012' }),
    ).toEqual([
      {
        Effect: 'Allow',
        Action: ['events:PutEvents', 'events:DescribeEventBus'],
        Resource: [
          'arn:aws:events:eu-central-1:123456789012:event-bus/default',
          'arn:aws:events:us-east-1:210987654321:event-bus/central',
        ],
      },
    ])
  })
})
