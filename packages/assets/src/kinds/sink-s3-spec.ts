import { Type } from 'typebox'
import {
  choice,
  connectionRef,
  discriminant,
  integer,
  keyValues,
  s3Bucket,
  template,
} from '../spec/fields.ts'
import { ui } from '../spec/ui.ts'

const branch = { additionalProperties: false } as const
const lineEnding = choice(['lf', 'crlf'], 'Line ending written after each record.', 'lf', { advanced: true })
const oneCharacter = (description: string, defaultValue: string) =>
  Type.String({ description, minLength: 1, maxLength: 1, default: defaultValue })

const format = Type.Union(
  [
    Type.Object(
      { type: discriminant('lines'), lineEnding },
      { ...branch, title: 'Text lines (bodies that are not text are written as JSON)' },
    ),
    Type.Object({ type: discriminant('ndjson') }, { ...branch, title: 'NDJSON' }),
    Type.Object(
      {
        type: discriminant('csv'),
        hasHeader: Type.Boolean({
          description: 'Write a header row at the top of each object.',
          default: true,
        }),
        columns: Type.Optional(
          Type.Array(Type.String({ description: 'A body field, written as one column.', minLength: 1 }), {
            description:
              'Body fields to write, in order. Without them, the fields of the first record of each object are used.',
            minItems: 1,
            uniqueItems: true,
          }),
        ),
        delimiter: oneCharacter('The character between fields; write `"\\t"` for tabs.', ','),
        quote: oneCharacter('The character that quotes fields holding delimiters or line breaks.', '"'),
        lineEnding,
      },
      { ...branch, title: 'CSV' },
    ),
    Type.Object(
      { type: discriminant('whole') },
      { ...branch, title: 'Whole: each message is one object, its body written as it is' },
    ),
  ],
  {
    description:
      'How messages are written. `lines`, `ndjson` and `csv` stream many records into one object until it rolls over; `whole` writes one object per message.',
  },
)

const serverSideEncryption = Type.Union(
  [
    Type.Object({ type: discriminant('none') }, { ...branch, title: "The bucket's default" }),
    Type.Object({ type: discriminant('AES256') }, { ...branch, title: 'S3 managed keys (SSE-S3)' }),
    Type.Object(
      {
        type: discriminant('aws:kms'),
        kmsKeyId: Type.Optional(
          Type.String({
            description:
              'Key id, key ARN, alias (`alias/name`) or alias ARN; the AWS managed key `aws/s3` when left empty. A key ARN gives the tightest IAM policy.',
            minLength: 1,
          }),
        ),
        bucketKeyEnabled: Type.Boolean({
          description: 'Use an S3 Bucket Key, which cuts the number of KMS calls.',
          default: true,
        }),
      },
      { ...branch, title: 'KMS keys (SSE-KMS)' },
    ),
  ],
  {
    description: 'Server-side encryption of written objects.',
    default: { type: 'none' },
    ...ui({ advanced: true }),
  },
)

/** The `spec` schema of `sink.s3`. */
export const sinkS3Spec = Type.Object(
  {
    connection: connectionRef(),
    bucket: s3Bucket('The bucket to write to.'),
    keyTemplate: template(
      'Key of each object, rendered from its first message when it is opened, e.g. `out/${date:yyyy/MM/dd}/${build:tag}-${date:HHmmss-SSS}.ndjson`. Messages whose keys render differently go to different objects. The text before the first macro also narrows the IAM policy.',
      { minLength: 1, maxLength: 1024 },
    ),
    format,
    compression: choice(
      ['gzip', 'none'],
      'Compress objects while they stream; end the key in `.gz` to say so.',
      'none',
    ),
    rollover: Type.Object(
      {
        maxRecords: integer('Records per object.', 1, 100_000_000, 100_000),
        maxBytes: integer('Bytes per object, after compression.', 1, 5_497_558_138_880, 134_217_728),
        maxSeconds: integer('Seconds an object stays open.', 1, 86_400, 300, { widget: 'duration' }),
      },
      {
        description:
          'An object is completed, and its records acked, when any limit is reached; `whole` ignores these.',
        default: {},
        additionalProperties: false,
      },
    ),
    maxOpenObjects: integer(
      'Objects open at once when the key template spreads messages over several keys; the oldest is completed to make room.',
      1,
      1000,
      16,
      { advanced: true },
    ),
    partSizeBytes: integer(
      'Size of each multipart upload part; buffer memory is about this times parts in flight per open object.',
      5_242_880,
      5_368_709_120,
      8_388_608,
      { advanced: true },
    ),
    partsInFlight: integer('Parts of one object uploaded at the same time.', 1, 64, 4, { advanced: true }),
    contentType: Type.Optional(
      template(
        'Content-Type of each object; by default `text/plain`, `application/x-ndjson`, `text/csv` or `application/octet-stream` after the format.',
        { minLength: 1 },
      ),
    ),
    metadata: Type.Optional(
      keyValues('User metadata (`x-amz-meta-*`) of each object, rendered from its first message.', 'dynamic'),
    ),
    tags: Type.Optional(keyValues('Object tags, at most 10, e.g. for lifecycle rules.')),
    storageClass: choice(
      [
        'STANDARD',
        'INTELLIGENT_TIERING',
        'STANDARD_IA',
        'ONEZONE_IA',
        'GLACIER_IR',
        'GLACIER',
        'DEEP_ARCHIVE',
        'REDUCED_REDUNDANCY',
        'EXPRESS_ONEZONE',
        'OUTPOSTS',
      ],
      'Storage class of written objects.',
      'STANDARD',
      { advanced: true },
    ),
    serverSideEncryption,
    onExists: choice(
      ['overwrite', 'skip', 'fail'],
      'When the key already exists: `overwrite` replaces it; `skip` keeps it and acks the records; `fail` nacks the records so they are retried. `skip` and `fail` use conditional writes (`If-None-Match`), so two writers never both win.',
      'fail',
    ),
  },
  { additionalProperties: false },
)
