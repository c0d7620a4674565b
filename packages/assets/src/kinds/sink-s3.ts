import type { Static } from 'typebox'
import { bucketArn, kmsKeyArn, objectArn } from '../iam/arn.ts'
import type { IamContext, IamStatement } from '../iam/types.ts'
import { type Issue, issue } from '../issues.ts'
import { MacroSyntaxError, parseTemplate } from '../macros/parse.ts'
import type { Authored } from '../spec/authored.ts'
import { defineAssetType } from '../spec/define.ts'
import { sinkS3Spec } from './sink-s3-spec.ts'

type Spec = Static<typeof sinkS3Spec>
type AuthoredSpec = Authored<Spec>

const MAX_PARTS = 10_000
const MAX_TAGS = 10

/** Writes messages to S3 objects through streaming multipart uploads. */
export const sinkS3 = defineAssetType({
  kind: 'sink.s3',
  category: 'sink',
  title: 'S3 sink',
  summary:
    'Streams messages into S3 objects (lines, NDJSON, CSV, or one object per message) with multipart uploads, rolling over by count, size or time.',
  spec: sinkS3Spec,
  ports: { inputs: 1, outputs: 0 },
  rules: (spec) => [...tagIssues(spec), ...partIssues(spec), ...csvIssues(spec)],
  iam: s3SinkStatements,
  examples: [
    {
      title: 'Hourly gzipped NDJSON objects, encrypted with a KMS key',
      yaml: `kind: sink.s3
name: archive-bucket
spec:
  connection: aws-prod
  bucket: \${lay:ARCHIVE_BUCKET}
  keyTemplate: invoices/\${date:yyyy/MM/dd/HH}/\${build:tag}-\${date:mmss-SSS}.ndjson.gz
  format: { type: ndjson }
  compression: gzip
  rollover: { maxRecords: 500000, maxSeconds: 3600 }
  serverSideEncryption:
    type: aws:kms
    kmsKeyId: arn:aws:kms:eu-central-1:123456789012:key/0b5e1c4a-2d7f-4e8b-9a63-1f0c2d3e4f5a
  tags: { retention: 1y }
`,
    },
    {
      title: 'CSV per tenant, infrequent access',
      yaml: `kind: sink.s3
name: tenant-reports
spec:
  connection: aws-prod
  bucket: reports
  keyTemplate: tenants/\${msg:body.tenant}/\${date:yyyy-MM-dd}/report-\${date:HHmmss-SSS}.csv
  format:
    type: csv
    columns: [id, tenant, amount, currency]
  rollover: { maxBytes: 67108864 }
  storageClass: STANDARD_IA
  metadata: { source-workflow: billing }
`,
    },
    {
      title: 'One object per message, written once and never replaced',
      yaml: `kind: sink.s3
name: documents
spec:
  connection: aws-prod
  bucket: documents
  keyTemplate: by-id/\${msg:body.id}.json
  format: { type: whole }
  contentType: application/json
  onExists: skip
`,
    },
  ],
})

function tagIssues(spec: AuthoredSpec): Issue[] {
  const count = Object.keys(spec.tags ?? {}).length
  return count > MAX_TAGS
    ? [issue('rule.violation', ['tags'], `S3 allows at most ${MAX_TAGS} tags per object, not ${count}`)]
    : []
}

function partIssues(spec: AuthoredSpec): Issue[] {
  const { partSizeBytes } = spec
  const { maxBytes } = spec.rollover
  if (typeof partSizeBytes !== 'number' || typeof maxBytes !== 'number') return []
  if (maxBytes <= partSizeBytes * MAX_PARTS) return []
  return [
    issue(
      'rule.violation',
      ['rollover', 'maxBytes'],
      `an upload has at most ${MAX_PARTS} parts of partSizeBytes (${partSizeBytes}); raise partSizeBytes to at least ${Math.ceil(maxBytes / MAX_PARTS)} or lower maxBytes`,
    ),
  ]
}

function csvIssues(spec: AuthoredSpec): Issue[] {
  const { format } = spec
  if (!('delimiter' in format) || format.delimiter !== format.quote) return []
  return [issue('rule.violation', ['format', 'quote'], 'the quote character must differ from the delimiter')]
}

/** The literal text of a key template before its first macro: every key it renders starts with it. */
export function staticKeyPrefix(keyTemplate: string): string {
  try {
    const parts = parseTemplate(keyTemplate)
    const firstMacro = parts.findIndex((part) => typeof part !== 'string')
    return parts.slice(0, firstMacro < 0 ? parts.length : firstMacro).join('')
  } catch (error) {
    if (error instanceof MacroSyntaxError) return ''
    throw error
  }
}

function s3SinkStatements(spec: Spec, ctx: IamContext): IamStatement[] {
  const hasTags = Object.keys(spec.tags ?? {}).length > 0
  const statements: IamStatement[] = [
    {
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload', ...(hasTags ? ['s3:PutObjectTagging'] : [])],
      Resource: [objectArn(ctx, spec.bucket, staticKeyPrefix(spec.keyTemplate))],
    },
    { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [bucketArn(ctx, spec.bucket)] },
  ]
  const sse = spec.serverSideEncryption
  if (sse.type === 'aws:kms' && sse.kmsKeyId !== undefined)
    statements.push({
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: [kmsKeyArn(ctx, sse.kmsKeyId)],
    })
  return statements
}
