import Value from 'typebox/value'
import { describe, expect, it } from 'vitest'
import type { IamContext } from '../iam/types.ts'
import { isResolved } from '../spec/guards.ts'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'
import { sourceSqs } from './source-sqs.ts'

const base = { connection: 'aws', queue: 'orders' }
const codes = (spec: unknown) =>
  validateAsset(builtinRegistry, { kind: 'source.sqs', name: 'orders', spec }).issues.map((i) => [
    i.path,
    i.code,
  ])

describe('source.sqs', () => {
  it.each([
    ['a queue name, defaults applied', {}],
    ['a queue URL', { queue: 'https://sqs.eu-central-1.amazonaws.com/123456789012/orders.fifo' }],
    ['an emulator URL', { queue: 'http://127.0.0.1:4566/000000000000/orders' }],
    ['a macro queue', { queue: '${lay:ORDERS_QUEUE}' }],
    [
      'a macro in a number field',
      { maxMessages: '${lay:BATCH}', heartbeat: { intervalSeconds: '${lay:BEAT}' } },
    ],
    ['short polling', { waitTimeSeconds: 0 }],
    ['selected attributes', { attributeNames: ['tenant', 'trace.*'], systemAttributes: ['MessageGroupId'] }],
    ['no attributes at all', { attributeNames: [], systemAttributes: [] }],
    [
      'a heartbeat within the visibility timeout',
      { visibilityTimeoutSeconds: 60, heartbeat: { intervalSeconds: 30 } },
    ],
    [
      'a long visibility timeout with the heartbeat off',
      { visibilityTimeoutSeconds: 5, heartbeat: { enabled: false } },
    ],
    ['an immediate nack', { onNack: { mode: 'immediate' } }],
    ['a backoff', { onNack: { mode: 'backoff', initialSeconds: 0, maxSeconds: 60 } }],
  ])('accepts %s', (_title, spec) => {
    expect(codes({ ...base, ...spec })).toEqual([])
  })

  it.each([
    ['a wait over 20 seconds', { waitTimeSeconds: 21 }, [['/spec/waitTimeSeconds', 'schema.range']]],
    ['more than 10 messages a call', { maxMessages: 11 }, [['/spec/maxMessages', 'schema.range']]],
    ['no messages a call', { maxMessages: 0 }, [['/spec/maxMessages', 'schema.range']]],
    [
      'a visibility timeout over 12 hours',
      { visibilityTimeoutSeconds: 43_201 },
      [['/spec/visibilityTimeoutSeconds', 'schema.range']],
    ],
    ['a number as text', { pollers: 'two' }, [['/spec/pollers', 'schema.type']]],
    ['an unknown body format', { bodyFormat: 'xml' }, [['/spec/bodyFormat', 'schema.enum']]],
    [
      'an unknown system attribute',
      { systemAttributes: ['Color'] },
      [['/spec/systemAttributes/0', 'schema.enum']],
    ],
    [
      'an attribute name with spaces',
      { attributeNames: ['my attr'] },
      [['/spec/attributeNames/0', 'schema.pattern']],
    ],
    ['an unknown nack mode', { onNack: { mode: 'later' } }, [['/spec/onNack/mode', 'schema.enum']]],
    ['an unknown field', { queueUrl: 'x' }, [['/spec/queueUrl', 'schema.unknown-field']]],
    [
      'an unknown heartbeat field',
      { heartbeat: { every: 5 } },
      [['/spec/heartbeat/every', 'schema.unknown-field']],
    ],
    ['a queue name with a slash', { queue: 'a/b' }, [['/spec/queue', 'schema.pattern']]],
    ['a per-message macro in a static field', { queue: '${msg:queue}' }, [['/spec/queue', 'macro.phase']]],
    ['a date macro in a number field', { maxInFlight: '${date:ss}' }, [['/spec/maxInFlight', 'macro.phase']]],
    [
      'a heartbeat no shorter than its extension',
      { heartbeat: { intervalSeconds: 60, extensionSeconds: 60 } },
      [['/spec/heartbeat/intervalSeconds', 'rule.violation']],
    ],
    [
      'a heartbeat slower than the visibility timeout',
      { visibilityTimeoutSeconds: 10 },
      [['/spec/heartbeat/intervalSeconds', 'rule.violation']],
    ],
    [
      'a backoff that starts above its cap',
      { onNack: { mode: 'backoff', initialSeconds: 600, maxSeconds: 60 } },
      [['/spec/onNack/maxSeconds', 'rule.violation']],
    ],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes({ ...base, ...spec })).toEqual(expected)
  })

  it('needs a connection and a queue', () => {
    expect(codes({})).toEqual([
      ['/spec/connection', 'schema.required'],
      ['/spec/queue', 'schema.required'],
    ])
  })

  it('applies the defaults', () => {
    const { asset } = validateAsset(builtinRegistry, { kind: 'source.sqs', name: 'q', spec: base })
    expect(asset?.spec).toMatchObject({
      waitTimeSeconds: 20,
      maxMessages: 10,
      heartbeat: { enabled: true, intervalSeconds: 20, extensionSeconds: 60 },
      onNack: { mode: 'backoff', initialSeconds: 5, maxSeconds: 900 },
      attributeNames: ['All'],
    })
  })

  it('receives, deletes and releases on the exact queue', () => {
    const ctx: IamContext = { partition: 'aws', region: 'eu-west-1', account: '123456789012' }
    const spec = Value.Default(sourceSqs.spec, { ...base })
    if (!isResolved(sourceSqs, spec) || !sourceSqs.iam) throw new Error('spec does not resolve')
    expect(sourceSqs.iam(spec, ctx)).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
        ],
        Resource: ['arn:aws:sqs:eu-west-1:123456789012:orders'],
      },
    ])
  })
})
