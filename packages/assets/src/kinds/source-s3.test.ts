import Value from 'typebox/value'
import { describe, expect, it } from 'vitest'
import type { IamContext } from '../iam/types.ts'
import { isResolved } from '../spec/guards.ts'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'
import { sourceS3 } from './source-s3.ts'

const base = { connection: 'aws', bucket: 'inbox', format: { type: 'ndjson' } }
const codes = (spec: unknown) =>
  validateAsset(builtinRegistry, { kind: 'source.s3', name: 'files', spec }).issues.map((i) => [
    i.path,
    i.code,
  ])
const ctx: IamContext = { partition: 'aws', region: 'eu-central-1', account: '123456789012' }
const statements = (spec: Record<string, unknown>) => {
  const full = Value.Default(sourceS3.spec, structuredClone({ ...base, ...spec }))
  if (!isResolved(sourceS3, full) || !sourceS3.iam) throw new Error('spec does not resolve')
  return sourceS3.iam(full, ctx).map((s) => [s.Action, s.Resource])
}

describe('source.s3', () => {
  it.each([
    ['the minimum, defaults applied', {}],
    [
      'a macro in a number field',
      { maxObjectsInFlight: '${lay:OBJECTS}', stableTimeSeconds: '${lay:STABLE}' },
    ],
    ['a macro in a choice', { compression: '${lay:COMPRESSION}' }],
    [
      'notifications with CSV options',
      {
        discovery: { mode: 'notifications', queue: 'bucket-events', eventFormat: 'sns' },
        format: { type: 'csv', hasHeader: false, columns: ['a', 'b'], delimiter: '\t', encoding: 'latin1' },
      },
    ],
    [
      'a cron schedule in a time zone',
      {
        discovery: {
          mode: 'poll',
          schedule: { type: 'cron', expression: '0 */2 * * *', timeZone: 'Asia/Tokyo' },
        },
      },
    ],
    ['a valid regex filter', { keyFilter: { type: 'regex', pattern: '^\\d{4}/.*\\.json$' } }],
    ['a glob filter', { keyFilter: { type: 'glob', pattern: '**/*.csv.gz' } }],
    ['a move out of the read prefix', { prefix: 'in/', afterRead: { action: 'move', prefix: 'done/' } }],
    [
      'a move into a sub-prefix that is not read',
      { prefix: 'in/', includeSubPrefixes: false, afterRead: { action: 'move', prefix: 'in/done/' } },
    ],
    ['a move to another bucket', { afterRead: { action: 'move', prefix: '', bucket: 'archive' } }],
    [
      'a move below a filtered prefix',
      { keyFilter: { type: 'glob', pattern: '*.csv' }, afterRead: { action: 'move', prefix: 'done/' } },
    ],
    [
      'a macro bucket with a move',
      { bucket: '${lay:BUCKET}', afterRead: { action: 'move', prefix: 'done/' } },
    ],
    ['tagging', { afterRead: { action: 'tag', key: 'processed', value: 'yes' } }],
    ['whole objects as JSON', { format: { type: 'whole', decode: 'json', maxBytes: 1024 } }],
  ])('accepts %s', (_title, spec) => {
    expect(codes({ ...base, ...spec })).toEqual([])
  })

  it.each([
    ['a bucket name with capitals', { bucket: 'Inbox' }, [['/spec/bucket', 'schema.pattern']]],
    ['an unknown field', { bukket: 'x' }, [['/spec/bukket', 'schema.unknown-field']]],
    [
      'a string in a boolean field',
      { includeSubPrefixes: 'yes' },
      [['/spec/includeSubPrefixes', 'schema.type']],
    ],
    [
      'a fraction in an integer field',
      { stableTimeSeconds: 1.5 },
      [['/spec/stableTimeSeconds', 'schema.type']],
    ],
    ['too many objects in flight', { maxObjectsInFlight: 0 }, [['/spec/maxObjectsInFlight', 'schema.range']]],
    ['an unknown compression', { compression: 'zip' }, [['/spec/compression', 'schema.enum']]],
    ['an unknown format', { format: { type: 'xml' } }, [['/spec/format/type', 'schema.enum']]],
    ['an unknown discovery mode', { discovery: { mode: 'push' } }, [['/spec/discovery/mode', 'schema.enum']]],
    [
      'a macro in a discriminator',
      { format: { type: '${lay:FORMAT}' } },
      [['/spec/format/type', 'schema.enum']],
    ],
    [
      'notifications without a queue',
      { discovery: { mode: 'notifications' } },
      [['/spec/discovery/queue', 'schema.required']],
    ],
    [
      'a queue that is no queue',
      { discovery: { mode: 'notifications', queue: 'my queue' } },
      [['/spec/discovery/queue', 'schema.pattern']],
    ],
    [
      'a cron expression with three fields',
      { discovery: { mode: 'poll', schedule: { type: 'cron', expression: '* * *' } } },
      [['/spec/discovery/schedule/expression', 'schema.pattern']],
    ],
    [
      'a delimiter of two characters',
      { format: { type: 'csv', delimiter: ';;' } },
      [['/spec/format/delimiter', 'schema.range']],
    ],
    [
      'a move without a prefix',
      { afterRead: { action: 'move' } },
      [['/spec/afterRead/prefix', 'schema.required']],
    ],
    ['a per-message macro in a static field', { bucket: '${msg:bucket}' }, [['/spec/bucket', 'macro.phase']]],
    ['a macro in a reference', { connection: '${lay:CONN}' }, [['/spec/connection', 'macro.not-allowed']]],
    [
      'a regex that does not compile',
      { keyFilter: { type: 'regex', pattern: '(unclosed' } },
      [['/spec/keyFilter/pattern', 'rule.violation']],
    ],
    [
      'an unknown time zone',
      {
        discovery: {
          mode: 'poll',
          schedule: { type: 'cron', expression: '0 * * * *', timeZone: 'Mars/Olympus' },
        },
      },
      [['/spec/discovery/schedule/timeZone', 'rule.violation']],
    ],
    [
      'a quote equal to the delimiter',
      { format: { type: 'csv', delimiter: '"' } },
      [['/spec/format/quote', 'rule.violation']],
    ],
    [
      'a move under the prefix being read',
      { prefix: 'in/', afterRead: { action: 'move', prefix: 'in/done/' } },
      [['/spec/afterRead/prefix', 'rule.violation']],
    ],
    [
      'a move beside the objects of a flat prefix',
      { prefix: 'in/', includeSubPrefixes: false, afterRead: { action: 'move', prefix: 'in/done-' } },
      [['/spec/afterRead/prefix', 'rule.violation']],
    ],
    [
      'a move within a whole bucket being read',
      { afterRead: { action: 'move', prefix: 'done/', bucket: 'inbox' } },
      [['/spec/afterRead/prefix', 'rule.violation']],
    ],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes({ ...base, ...spec })).toEqual(expected)
  })

  it('names every required field that is missing', () => {
    expect(codes({})).toEqual([
      ['/spec/connection', 'schema.required'],
      ['/spec/bucket', 'schema.required'],
      ['/spec/format', 'schema.required'],
    ])
  })

  it('needs list and read access, and nothing more when objects are kept', () => {
    expect(statements({ prefix: 'in/' })).toEqual([
      [['s3:ListBucket'], ['arn:aws:s3:::inbox']],
      [['s3:GetObject'], ['arn:aws:s3:::inbox/in/*']],
    ])
  })

  it('adds the after-read actions', () => {
    expect(statements({ afterRead: { action: 'delete' } })[1]).toEqual([
      ['s3:GetObject', 's3:DeleteObject'],
      ['arn:aws:s3:::inbox/*'],
    ])
    expect(statements({ afterRead: { action: 'tag', key: 'done' } })[1]).toEqual([
      ['s3:GetObject', 's3:GetObjectTagging', 's3:PutObjectTagging'],
      ['arn:aws:s3:::inbox/*'],
    ])
    expect(
      statements({ prefix: 'in/', afterRead: { action: 'move', prefix: 'done/', bucket: 'archive' } }),
    ).toEqual([
      [['s3:ListBucket'], ['arn:aws:s3:::inbox']],
      [['s3:GetObject', 's3:GetObjectTagging', 's3:DeleteObject'], ['arn:aws:s3:::inbox/in/*']],
      [['s3:PutObject', 's3:PutObjectTagging'], ['arn:aws:s3:::archive/done/*']],
    ])
  })

  it('reads notifications from the queue, resolving a name with GetQueueUrl', () => {
    const sqs = [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueAttributes',
    ]
    expect(
      statements({
        discovery: {
          mode: 'notifications',
          queue: 'https://sqs.eu-central-1.amazonaws.com/123456789012/events',
        },
      })[2],
    ).toEqual([sqs, ['arn:aws:sqs:eu-central-1:123456789012:events']])
    expect(statements({ discovery: { mode: 'notifications', queue: 'events' } })[2]).toEqual([
      [...sqs, 'sqs:GetQueueUrl'],
      ['arn:aws:sqs:eu-central-1:123456789012:events'],
    ])
  })
})
