import Value from 'typebox/value'
import { describe, expect, it } from 'vitest'
import type { IamContext } from '../iam/types.ts'
import { isResolved } from '../spec/guards.ts'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'
import { sinkS3, staticKeyPrefix } from './sink-s3.ts'

const base = {
  connection: 'aws',
  bucket: 'archive',
  keyTemplate: 'out/${date:yyyy/MM/dd}/${date:HHmmss-SSS}.ndjson',
  format: { type: 'ndjson' },
}
const codes = (spec: unknown) =>
  validateAsset(builtinRegistry, { kind: 'sink.s3', name: 'archive', spec }).issues.map((i) => [
    i.path,
    i.code,
  ])
const ctx: IamContext = { partition: 'aws', region: 'eu-central-1', account: '123456789012' }
const statements = (spec: Record<string, unknown>) => {
  const full = Value.Default(sinkS3.spec, structuredClone({ ...base, ...spec }))
  if (!isResolved(sinkS3, full) || !sinkS3.iam) throw new Error('spec does not resolve')
  return sinkS3.iam(full, ctx).map((s) => [s.Action, s.Resource])
}
const elevenTags = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`t${i}`, 'v']))

describe('sink.s3', () => {
  it.each([
    ['the minimum, defaults applied', {}],
    [
      'a per-message key',
      { keyTemplate: 'by-id/${msg:body.id}.json', format: { type: 'whole' }, onExists: 'skip' },
    ],
    ['a macro in a number field', { rollover: { maxRecords: '${lay:ROLL}' }, partsInFlight: '${lay:PARTS}' }],
    [
      'CSV with columns and tabs',
      { format: { type: 'csv', columns: ['id', 'amount'], delimiter: '\t', lineEnding: 'crlf' } },
    ],
    [
      'per-message metadata and static tags',
      { metadata: { tenant: '${msg:body.tenant}' }, tags: { team: 'billing' } },
    ],
    ['a KMS alias', { serverSideEncryption: { type: 'aws:kms', kmsKeyId: 'alias/archive' } }],
    ['SSE-S3', { serverSideEncryption: { type: 'AES256' } }],
    ['a cold storage class', { storageClass: 'DEEP_ARCHIVE', compression: 'gzip' }],
    [
      'large objects with large parts',
      { rollover: { maxBytes: 1_099_511_627_776 }, partSizeBytes: 134_217_728 },
    ],
    ['a per-message content type', { contentType: '${msg:attributes.contentType:-application/json}' }],
  ])('accepts %s', (_title, spec) => {
    expect(codes({ ...base, ...spec })).toEqual([])
  })

  it.each([
    ['an unknown storage class', { storageClass: 'COLD' }, [['/spec/storageClass', 'schema.enum']]],
    ['an unknown format', { format: { type: 'parquet' } }, [['/spec/format/type', 'schema.enum']]],
    [
      'an unknown encryption',
      { serverSideEncryption: { type: 'rot13' } },
      [['/spec/serverSideEncryption/type', 'schema.enum']],
    ],
    ['an unknown onExists', { onExists: 'rename' }, [['/spec/onExists', 'schema.enum']]],
    ['zstd compression', { compression: 'zstd' }, [['/spec/compression', 'schema.enum']]],
    ['parts under 5 MiB', { partSizeBytes: 1_048_576 }, [['/spec/partSizeBytes', 'schema.range']]],
    [
      'zero records per object',
      { rollover: { maxRecords: 0 } },
      [['/spec/rollover/maxRecords', 'schema.range']],
    ],
    [
      'an unknown rollover limit',
      { rollover: { maxFiles: 3 } },
      [['/spec/rollover/maxFiles', 'schema.unknown-field']],
    ],
    ['an empty key template', { keyTemplate: '' }, [['/spec/keyTemplate', 'schema.range']]],
    ['a tag value that is not text', { tags: { n: 1 } }, [['/spec/tags/n', 'schema.type']]],
    [
      'a per-message macro in a static field',
      { bucket: '${msg:body.bucket}' },
      [['/spec/bucket', 'macro.phase']],
    ],
    [
      'a per-message macro in a tag',
      { tags: { day: '${date:yyyy-MM-dd}' } },
      [['/spec/tags/day', 'macro.phase']],
    ],
    ['more than 10 tags', { tags: elevenTags }, [['/spec/tags', 'rule.violation']]],
    [
      'objects larger than 10,000 parts',
      { rollover: { maxBytes: 1_099_511_627_776 } },
      [['/spec/rollover/maxBytes', 'rule.violation']],
    ],
    [
      'a quote equal to the delimiter',
      { format: { type: 'csv', quote: ',' } },
      [['/spec/format/quote', 'rule.violation']],
    ],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes({ ...base, ...spec })).toEqual(expected)
  })

  it('applies safe defaults', () => {
    const { asset } = validateAsset(builtinRegistry, { kind: 'sink.s3', name: 'a', spec: base })
    expect(asset?.spec).toMatchObject({
      compression: 'none',
      onExists: 'fail',
      rollover: { maxRecords: 100_000, maxBytes: 134_217_728, maxSeconds: 300 },
      serverSideEncryption: { type: 'none' },
    })
  })

  it('finds the literal start of a key template', () => {
    expect(staticKeyPrefix('out/${date:yyyy}/x')).toBe('out/')
    expect(staticKeyPrefix('${msg:body.id}.json')).toBe('')
    expect(staticKeyPrefix('fixed/latest.json')).toBe('fixed/latest.json')
    expect(staticKeyPrefix('a/$${literal}/${date:yyyy}')).toBe('a/${literal}/')
    expect(staticKeyPrefix('broken/${date:yyyy')).toBe('')
  })

  it('writes under the static key prefix only', () => {
    expect(statements({})).toEqual([
      [['s3:PutObject', 's3:AbortMultipartUpload'], ['arn:aws:s3:::archive/out/*']],
      [['s3:ListBucket'], ['arn:aws:s3:::archive']],
    ])
  })

  it('adds tagging and the KMS key when they are used', () => {
    const keyArn = 'arn:aws:kms:eu-central-1:123456789012:key/0b5e'
    expect(
      statements({ tags: { team: 'billing' }, serverSideEncryption: { type: 'aws:kms', kmsKeyId: '0b5e' } }),
    ).toEqual([
      [['s3:PutObject', 's3:AbortMultipartUpload', 's3:PutObjectTagging'], ['arn:aws:s3:::archive/out/*']],
      [['s3:ListBucket'], ['arn:aws:s3:::archive']],
      [['kms:GenerateDataKey', 'kms:Decrypt'], [keyArn]],
    ])
    expect(statements({ tags: {}, serverSideEncryption: { type: 'aws:kms' } })).toHaveLength(2)
  })
})
