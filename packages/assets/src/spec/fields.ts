import { Type } from 'typebox'
import { type Issue, issue } from '../issues.ts'
import { isMacroText } from './authored.ts'
import { NAME_PATTERN } from './names.ts'
import { type FieldUi, ui } from './ui.ts'

/**
 * Field builders shared by several asset types, so that a batching block or a connection reference
 * reads and validates the same everywhere.
 */

/** A reference to another asset by name; `kinds` lists the asset kinds it accepts. */
export function assetRef(kinds: readonly string[], description: string, hints: FieldUi = {}) {
  return Type.String({ pattern: NAME_PATTERN, description, ...ui({ ...hints, ref: kinds, macro: 'none' }) })
}

/** The AWS connection an asset uses. */
export function connectionRef() {
  return assetRef(['connection.aws'], 'The AWS connection (credentials, region, endpoints) to use.')
}

/** A string that may hold per-message macros (`${msg:...}`, `${date:...}`) as well as static ones. */
export function template(
  description: string,
  options: { default?: string; minLength?: number; maxLength?: number; pattern?: string } = {},
) {
  return Type.String({ description, ...options, ...ui({ macro: 'dynamic', widget: 'template' }) })
}

/** A write-only value: write a `${sec:secret/key}` reference, never the value itself. */
export function secretValue(description: string) {
  return Type.String({
    description: `${description} Write a \`\${sec:secret/key}\` reference; the value itself never goes in a project file.`,
    minLength: 1,
    ...ui({ secret: true, widget: 'password' }),
  })
}

/** A free-form string map, such as user metadata or tags. */
export function keyValues(description: string, valueMacro: 'static' | 'dynamic' = 'static') {
  return Type.Record(Type.String({ minLength: 1 }), Type.String({ ...ui({ macro: valueMacro }) }), {
    description,
    ...ui({ widget: 'keyValue' }),
  })
}

/** An integer with bounds and a default. */
export function integer(
  description: string,
  min: number,
  max: number,
  defaultValue: number,
  hints: FieldUi = {},
) {
  return Type.Integer({ description, minimum: min, maximum: max, default: defaultValue, ...ui(hints) })
}

/** A string choice of `values`, written once here and reused for schema, type, form and docs. */
export function choice<const V extends readonly [string, ...string[]]>(
  values: V,
  description: string,
  defaultValue: V[number],
  hints: FieldUi = {},
) {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { description, default: defaultValue, ...ui(hints) },
  )
}

/** How a sink groups messages into one API call: never more than the service allows. */
export function batching(limits: {
  maxEntries: number
  maxBytes: number
  /** The default when it is below the service maximum (SQS queues may be set to accept less). */
  defaultBytes?: number
  lingerMs?: number
}) {
  return Type.Object(
    {
      maxEntries: integer(
        `Messages per call, at most ${limits.maxEntries} (the service maximum).`,
        1,
        limits.maxEntries,
        limits.maxEntries,
      ),
      maxBytes: integer(
        `Bytes per call, at most ${limits.maxBytes} (the service maximum).`,
        1,
        limits.maxBytes,
        limits.defaultBytes ?? limits.maxBytes,
        { advanced: true },
      ),
      lingerMs: integer(
        'How long a partial batch waits for more messages before it is sent, in milliseconds. It is sent sooner when the source has caught up with its input (an empty receive, the last object read).',
        0,
        60_000,
        limits.lingerMs ?? 20,
      ),
    },
    { description: 'Batching of messages into API calls.', default: {}, additionalProperties: false },
  )
}

/** How many calls or messages may be outstanding at once. */
export function maxInFlight(description: string, defaultValue: number, max = 1000) {
  return integer(description, 1, max, defaultValue)
}

/** Retry of failed entries with capped exponential backoff and jitter. */
export function retry() {
  return Type.Object(
    {
      maxAttempts: integer('Attempts per entry before it counts as failed (1 means no retry).', 1, 100, 8),
      initialBackoffMs: integer('First backoff, in milliseconds; it doubles each attempt.', 1, 60_000, 100),
      maxBackoffMs: integer('Cap on the backoff, in milliseconds.', 1, 600_000, 20_000),
    },
    {
      description: 'Retries of throttled or failed entries; permanent errors are never retried.',
      default: {},
      additionalProperties: false,
      ...ui({ advanced: true }),
    },
  )
}

/** The message group id of FIFO targets. */
export function fifoGroupId() {
  return Type.Optional(
    template(
      'FIFO only: the message group id, e.g. `${msg:body.customerId}`. Leave empty for standard targets.',
      {
        minLength: 1,
      },
    ),
  )
}

/** How a FIFO deduplication id is made. */
export function dedupStrategy() {
  return Type.Union(
    [
      Type.Object(
        { strategy: Type.Literal('none', { ...ui({ macro: 'none' }) }) },
        { additionalProperties: false },
      ),
      Type.Object(
        { strategy: Type.Literal('unique', { ...ui({ macro: 'none' }) }) },
        { additionalProperties: false },
      ),
      Type.Object(
        { strategy: Type.Literal('contentHash', { ...ui({ macro: 'none' }) }) },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          strategy: Type.Literal('template', { ...ui({ macro: 'none' }) }),
          template: template('Template for the deduplication id.', { minLength: 1 }),
        },
        { additionalProperties: false },
      ),
    ],
    {
      description:
        'FIFO only: the deduplication id. `none` relies on content-based deduplication of the target, `unique` makes a new id per message, `contentHash` hashes the body, `template` renders a template.',
      default: { strategy: 'none' },
    },
  )
}

/** The literal that tells the branches of a union apart; it never takes a macro. */
export function discriminant<const V extends string>(value: V) {
  return Type.Literal(value, { ...ui({ macro: 'none' }) })
}

/** An S3 bucket name, picked from a live listing. */
export function s3Bucket(description: string) {
  return Type.String({
    description: `${description} 3–63 lowercase letters, digits, \`.\` and \`-\`.`,
    pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    ...ui({ listing: 'buckets', placeholder: 'my-bucket' }),
  })
}

const QUEUE_NAME = '[A-Za-z0-9_-]{1,80}(\\.fifo)?'

/** An SQS queue given by URL or by name (resolved with `GetQueueUrl`), picked from a live listing. */
export function sqsQueue(description: string) {
  return Type.String({
    description: `${description} A queue URL, or a queue name in the connection's account and region; FIFO queues end in \`.fifo\`.`,
    pattern: `^(https?://[^\\s/]+(/[^\\s/]+)*/${QUEUE_NAME}|${QUEUE_NAME})$`,
    ...ui({ listing: 'queues', placeholder: 'https://sqs.eu-central-1.amazonaws.com/123456789012/orders' }),
  })
}

/** Message attributes an SNS or SQS sink sets on each message; `types` are the data types the service takes. */
export function messageAttributes<const V extends readonly [string, ...string[]]>(types: V) {
  return Type.Array(
    Type.Object(
      {
        name: Type.String({
          description:
            'Attribute name: up to 256 letters, digits, `_`, `-` and `.`; it may not start with `AWS.` or `Amazon.`.',
          pattern: '^(?![Aa][Ww][Ss]\\.|[Aa][Mm][Aa][Zz][Oo][Nn]\\.)[A-Za-z0-9_-][A-Za-z0-9_.-]{0,255}$',
        }),
        type: choice(types, `Data type of the value: ${types.join(', ')}.`, types[0]),
        value: template('The value, rendered per message, e.g. `${msg:attributes.tenant}`.', {
          minLength: 1,
        }),
      },
      { additionalProperties: false },
    ),
    {
      description: 'Message attributes set on every message, at most 10; subscribers can filter on them.',
      default: [],
      maxItems: 10,
    },
  )
}

/** Issues for message attributes that share a name. */
export function duplicateAttributeIssues(attributes: readonly { name: string }[]): Issue[] {
  const seen = new Set<string>()
  const issues: Issue[] = []
  attributes.forEach(({ name }, i) => {
    if (seen.has(name) && !isMacroText(name))
      issues.push(
        issue('rule.violation', ['messageAttributes', i, 'name'], `attribute "${name}" is set twice`),
      )
    seen.add(name)
  })
  return issues
}

/**
 * The rules of {@link fifoGroupId} and {@link dedupStrategy}: a FIFO target needs a group id, and a
 * standard one takes neither. `fifo` is `undefined` while the target is still a macro.
 */
export function fifoIssues(
  spec: { messageGroupId?: string; deduplication: { strategy: string } },
  fifo: boolean | undefined,
  target: string,
): Issue[] {
  if (fifo === undefined) return []
  if (fifo) {
    return spec.messageGroupId === undefined
      ? [issue('rule.violation', ['messageGroupId'], `the FIFO ${target} needs a message group id`)]
      : []
  }
  const issues: Issue[] = []
  if (spec.messageGroupId !== undefined)
    issues.push(
      issue(
        'rule.violation',
        ['messageGroupId'],
        `a message group id needs a FIFO ${target} (its name ends in ".fifo")`,
      ),
    )
  if (spec.deduplication.strategy !== 'none')
    issues.push(
      issue(
        'rule.violation',
        ['deduplication', 'strategy'],
        `deduplication ids need a FIFO ${target} (its name ends in ".fifo"); use "none"`,
      ),
    )
  return issues
}

/**
 * Issues for the keys of a map field that do not match `pattern`. A map states its key pattern in
 * `patternProperties`, but cannot also refuse other keys: TypeBox's `Value.Default` throws on
 * `additionalProperties: false` in a record. This rule refuses them instead.
 */
export function mapKeyIssues(
  map: Readonly<Record<string, unknown>>,
  field: string,
  pattern: string,
  expected: string,
): Issue[] {
  const regex = new RegExp(pattern)
  return Object.keys(map)
    .filter((key) => !regex.test(key))
    .map((key) => issue('rule.violation', [field, key], `"${key}" is not a valid key: ${expected}`))
}
