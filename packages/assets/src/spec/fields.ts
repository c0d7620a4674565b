import { Type } from 'typebox'
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
export function template(description: string, options: { default?: string; minLength?: number } = {}) {
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
export function batching(limits: { maxEntries: number; maxBytes: number; lingerMs?: number }) {
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
        limits.maxBytes,
        { advanced: true },
      ),
      lingerMs: integer(
        'How long a partial batch waits for more messages before it is sent, in milliseconds.',
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
