import { Type } from 'typebox'
import { choice, connectionRef, discriminant, integer, s3Bucket, sqsQueue } from '../spec/fields.ts'
import { ui } from '../spec/ui.ts'

const branch = { additionalProperties: false } as const

const keyFilter = Type.Union(
  [
    Type.Object(
      {
        type: discriminant('glob'),
        pattern: Type.String({
          description:
            'Glob matched against the key after the prefix: `*` and `?` stay within one level, `**` crosses `/`, e.g. `**/*.csv.gz`.',
          minLength: 1,
        }),
      },
      { ...branch, title: 'Glob' },
    ),
    Type.Object(
      {
        type: discriminant('regex'),
        pattern: Type.String({
          description:
            'JavaScript regular expression searched in the key after the prefix; anchor it with `^` and `$` to match the whole key.',
          minLength: 1,
        }),
      },
      { ...branch, title: 'Regular expression' },
    ),
  ],
  {
    description:
      'Read only the objects whose key matches. Without a filter, every object under the prefix is read.',
  },
)

const schedule = Type.Union(
  [
    Type.Object(
      {
        type: discriminant('interval'),
        seconds: integer('Seconds from the end of one listing to the start of the next.', 1, 86_400, 60, {
          widget: 'duration',
        }),
      },
      { ...branch, title: 'Fixed interval' },
    ),
    Type.Object(
      {
        type: discriminant('cron'),
        expression: Type.String({
          description:
            'Cron expression: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, e.g. `*/5 * * * *`.',
          pattern: '^\\S+(\\s+\\S+){4,5}$',
        }),
        timeZone: Type.String({
          description: 'IANA time zone the expression is read in, e.g. `Europe/Berlin`.',
          default: 'UTC',
        }),
      },
      { ...branch, title: 'Cron expression' },
    ),
  ],
  { description: 'When the bucket is listed.', default: { type: 'interval', seconds: 60 } },
)

const discovery = Type.Union(
  [
    Type.Object({ mode: discriminant('poll'), schedule }, { ...branch, title: 'Poll the bucket' }),
    Type.Object(
      {
        mode: discriminant('notifications'),
        queue: sqsQueue(
          "The queue that receives the bucket's `s3:ObjectCreated:*` notifications, directly, through SNS or through an EventBridge rule.",
        ),
        eventFormat: choice(
          ['auto', 's3', 'sns', 'eventbridge'],
          'How notifications arrive: `s3` as S3 sends them, `sns` wrapped by an SNS topic, `eventbridge` as EventBridge events; `auto` recognises each.',
          'auto',
          { advanced: true },
        ),
        visibilityTimeoutSeconds: integer(
          'How long a notification stays hidden once received; it is extended until its object is committed.',
          30,
          43_200,
          300,
          { advanced: true, widget: 'duration' },
        ),
      },
      { ...branch, title: 'S3 event notifications through SQS' },
    ),
  ],
  {
    description:
      'How new objects are found: by listing the bucket on a schedule (on one engine node at a time), or from S3 event notifications through an SQS queue, which spreads objects across nodes.',
    default: { mode: 'poll', schedule: { type: 'interval', seconds: 60 } },
  },
)

const maxRecordBytes = integer(
  'Longest record accepted, in bytes. A longer one fails its object instead of filling memory.',
  1,
  268_435_456,
  1_048_576,
  { advanced: true },
)
const encoding = choice(['utf-8', 'utf-16le', 'latin1'], 'Character encoding of the object.', 'utf-8', {
  advanced: true,
})
const oneCharacter = (description: string, defaultValue: string) =>
  Type.String({ description, minLength: 1, maxLength: 1, default: defaultValue })

const format = Type.Union(
  [
    Type.Object(
      {
        type: discriminant('lines'),
        encoding,
        skipEmptyLines: Type.Boolean({
          description: 'Skip lines that are empty or only whitespace.',
          default: true,
        }),
        maxRecordBytes,
      },
      { ...branch, title: 'Text lines' },
    ),
    Type.Object({ type: discriminant('ndjson'), maxRecordBytes }, { ...branch, title: 'NDJSON' }),
    Type.Object(
      {
        type: discriminant('csv'),
        hasHeader: Type.Boolean({
          description: 'The first row names the columns; each record becomes an object keyed by them.',
          default: true,
        }),
        columns: Type.Optional(
          Type.Array(Type.String({ description: 'A column name.', minLength: 1 }), {
            description:
              'Column names, in order. They replace the header names; without a header or columns, each record is a list of strings.',
            minItems: 1,
            uniqueItems: true,
          }),
        ),
        delimiter: oneCharacter('The character between fields; write `"\\t"` for tabs.', ','),
        quote: oneCharacter('The character that quotes fields holding delimiters or line breaks.', '"'),
        encoding,
        maxRecordBytes,
      },
      { ...branch, title: 'CSV' },
    ),
    Type.Object(
      { type: discriminant('jsonArray'), maxRecordBytes },
      { ...branch, title: 'JSON array (one record per element)' },
    ),
    Type.Object(
      {
        type: discriminant('whole'),
        decode: choice(
          ['text', 'json', 'bytes'],
          'What the message body is: the text of the object, its parsed JSON, or its raw bytes.',
          'text',
        ),
        maxBytes: integer(
          'Largest object read whole, in bytes; a larger one fails. Use a streaming format for big objects.',
          1,
          268_435_456,
          16_777_216,
        ),
      },
      { ...branch, title: 'Whole object as one message' },
    ),
  ],
  {
    description:
      'How an object becomes messages. Every format but `whole` streams the object, so memory stays flat whatever its size.',
  },
)

const afterRead = Type.Union(
  [
    Type.Object({ action: discriminant('keep') }, { ...branch, title: 'Keep' }),
    Type.Object({ action: discriminant('delete') }, { ...branch, title: 'Delete' }),
    Type.Object(
      {
        action: discriminant('move'),
        prefix: Type.String({
          description:
            'Prefix the object moves under; the part of its key after the source prefix is kept, e.g. `done/`.',
          maxLength: 1024,
        }),
        bucket: Type.Optional(s3Bucket('Bucket to move to; the source bucket when left empty.')),
      },
      { ...branch, title: 'Move' },
    ),
    Type.Object(
      {
        action: discriminant('tag'),
        key: Type.String({ description: 'Tag key added to the object.', minLength: 1, maxLength: 128 }),
        value: Type.String({ description: 'Tag value.', maxLength: 256, default: 'true' }),
      },
      { ...branch, title: 'Tag' },
    ),
  ],
  {
    description:
      'What happens to an object once all its records are acked. Nothing happens while any record is in flight or failed. `keep` with polling stores a checkpoint so an object is read once.',
    default: { action: 'keep' },
  },
)

/** The `spec` schema of `source.s3`. */
export const sourceS3Spec = Type.Object(
  {
    connection: connectionRef(),
    bucket: s3Bucket('The bucket to read.'),
    prefix: Type.String({
      description: 'Read only keys that start with this, e.g. `incoming/`; empty for the whole bucket.',
      default: '',
      maxLength: 1024,
      ...ui({ listing: 'prefixes' }),
    }),
    includeSubPrefixes: Type.Boolean({
      description: 'Also read keys below further `/` levels of the prefix, not just those directly under it.',
      default: true,
    }),
    keyFilter: Type.Optional(keyFilter),
    discovery,
    stableTimeSeconds: integer(
      'An object is read only once its size and ETag have not changed for this long; 0 reads it at once.',
      0,
      86_400,
      0,
      { widget: 'duration', advanced: true },
    ),
    ordering: choice(
      ['lastModified', 'key'],
      'Order in which the objects of a listing are read (polling only): oldest first, or by key.',
      'lastModified',
      { advanced: true },
    ),
    format,
    compression: choice(
      ['auto', 'gzip', 'none'],
      '`auto` gunzips objects whose key ends in `.gz`, whose Content-Encoding is gzip, or that start with the gzip magic bytes.',
      'auto',
    ),
    afterRead,
    maxObjectsInFlight: integer('Objects read at the same time.', 1, 256, 4),
    maxRecordsInFlight: integer(
      'Records emitted but not yet acked, over all objects; reading pauses at this bound.',
      1,
      100_000,
      1000,
      { advanced: true },
    ),
  },
  { additionalProperties: false },
)
