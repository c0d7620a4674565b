import type { Static } from 'typebox'
import { bucketArn, isQueueUrl, objectArn, queueArn } from '../iam/arn.ts'
import type { IamContext, IamStatement } from '../iam/types.ts'
import { type Issue, issue } from '../issues.ts'
import { type Authored, isMacroText } from '../spec/authored.ts'
import { defineAssetType } from '../spec/define.ts'
import { sourceS3Spec } from './source-s3-spec.ts'

type Spec = Static<typeof sourceS3Spec>
type AuthoredSpec = Authored<Spec>

/** Reads objects of a bucket prefix as a stream of records. */
export const sourceS3 = defineAssetType({
  kind: 'source.s3',
  category: 'source',
  title: 'S3 source',
  summary:
    'Streams the objects under a bucket prefix as records (lines, NDJSON, CSV, a JSON array or whole objects), found by polling or through event notifications.',
  spec: sourceS3Spec,
  ports: { inputs: 0, outputs: 1 },
  rules: (spec) => [...filterIssues(spec), ...scheduleIssues(spec), ...csvIssues(spec), ...moveIssues(spec)],
  iam: s3SourceStatements,
  examples: [
    {
      title: 'Poll for NDJSON files every 30 seconds and move them to done/',
      yaml: `kind: source.s3
name: invoice-files
spec:
  connection: aws-prod
  bucket: \${lay:INBOX_BUCKET}
  prefix: invoices/
  keyFilter: { type: glob, pattern: "**/*.ndjson.gz" }
  discovery:
    mode: poll
    schedule: { type: interval, seconds: 30 }
  stableTimeSeconds: 10
  format: { type: ndjson }
  afterRead: { action: move, prefix: done/invoices/ }
`,
    },
    {
      title: 'CSV exports announced by S3 event notifications, deleted once processed',
      yaml: `kind: source.s3
name: partner-exports
description: Semicolon-separated exports; several engine nodes share the queue.
spec:
  connection: aws-prod
  bucket: partner-exports
  prefix: daily/
  discovery:
    mode: notifications
    queue: https://sqs.eu-central-1.amazonaws.com/123456789012/partner-exports-events
  format:
    type: csv
    delimiter: ";"
    encoding: latin1
  afterRead: { action: delete }
  maxObjectsInFlight: 8
`,
    },
    {
      title: 'Whole JSON documents every night, tagged once read',
      yaml: `kind: source.s3
name: nightly-configs
spec:
  connection: aws-prod
  bucket: config-snapshots
  includeSubPrefixes: false
  keyFilter: { type: regex, pattern: "\\\\.json$" }
  discovery:
    mode: poll
    schedule: { type: cron, expression: "0 2 * * *", timeZone: Europe/Berlin }
  ordering: key
  format: { type: whole, decode: json }
  afterRead: { action: tag, key: sluice-read }
`,
    },
  ],
})

function filterIssues(spec: AuthoredSpec): Issue[] {
  const filter = spec.keyFilter
  if (filter?.type !== 'regex' || isMacroText(filter.pattern)) return []
  try {
    new RegExp(filter.pattern)
    return []
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    return [issue('rule.violation', ['keyFilter', 'pattern'], `not a valid regular expression: ${why}`)]
  }
}

function scheduleIssues(spec: AuthoredSpec): Issue[] {
  if (!('schedule' in spec.discovery)) return []
  const { schedule } = spec.discovery
  if (!('timeZone' in schedule) || isMacroText(schedule.timeZone)) return []
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: schedule.timeZone })
    return []
  } catch {
    return [
      issue(
        'rule.violation',
        ['discovery', 'schedule', 'timeZone'],
        `"${schedule.timeZone}" is not an IANA time zone such as "UTC" or "Europe/Berlin"`,
      ),
    ]
  }
}

function csvIssues(spec: AuthoredSpec): Issue[] {
  const { format } = spec
  if (!('delimiter' in format) || format.delimiter !== format.quote) return []
  return [issue('rule.violation', ['format', 'quote'], 'the quote character must differ from the delimiter')]
}

function moveIssues(spec: AuthoredSpec): Issue[] {
  const after = spec.afterRead
  if (!('prefix' in after) || spec.keyFilter !== undefined) return []
  const { bucket, prefix, includeSubPrefixes } = spec
  if ([bucket, prefix, after.prefix, after.bucket, includeSubPrefixes].some(isMacroText)) return []
  if ((after.bucket ?? bucket) !== bucket || !after.prefix.startsWith(prefix)) return []
  if (!includeSubPrefixes && after.prefix.slice(prefix.length).includes('/')) return []
  return [
    issue(
      'rule.violation',
      ['afterRead', 'prefix'],
      `moved objects would land under the prefix being read ("${spec.prefix}") and be read again; move them elsewhere or add a keyFilter that excludes them`,
    ),
  ]
}

function s3SourceStatements(spec: Spec, ctx: IamContext): IamStatement[] {
  const objects = objectArn(ctx, spec.bucket, spec.prefix)
  const after = spec.afterRead
  const statements: IamStatement[] = [
    {
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [bucketArn(ctx, spec.bucket)],
      ...(spec.prefix ? { Condition: { StringLike: { 's3:prefix': [`${spec.prefix}*`] } } } : {}),
    },
  ]
  if (after.action === 'move') {
    statements.push(
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectTagging', 's3:DeleteObject'],
        Resource: [objects],
      },
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:PutObjectTagging'],
        Resource: [objectArn(ctx, after.bucket ?? spec.bucket, after.prefix)],
      },
    )
  } else {
    const extra = {
      keep: [],
      delete: ['s3:DeleteObject'],
      tag: ['s3:GetObjectTagging', 's3:PutObjectTagging'],
    }[after.action]
    statements.push({ Effect: 'Allow', Action: ['s3:GetObject', ...extra], Resource: [objects] })
  }
  if (spec.discovery.mode === 'notifications') {
    const { queue } = spec.discovery
    statements.push({
      Effect: 'Allow',
      Action: [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
        ...(isQueueUrl(queue) ? [] : ['sqs:GetQueueUrl']),
      ],
      Resource: [queueArn(ctx, queue)],
    })
  }
  return statements
}
