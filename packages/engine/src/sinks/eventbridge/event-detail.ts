import { InvalidMessageError } from '../shared/failures.ts'

/** Where the event `detail` comes from: the whole body, or a field of it. */
export type DetailSource = { readonly from: 'body' } | { readonly from: 'field'; readonly path: string }

/**
 * The event `detail` of a message as JSON text. EventBridge takes only a JSON object: a body (or
 * field) that is an object is written as JSON, a string holding a JSON object is used as it is,
 * and anything else fails the message permanently with `sink.detail-not-object`.
 */
export function eventDetail(body: unknown, source: DetailSource): string {
  const value = source.from === 'body' ? body : readPath(parsed(body), source.path)
  if (isObject(value)) return JSON.stringify(value)
  if (typeof value === 'string' || value instanceof Uint8Array) {
    const object = parsed(value)
    if (isObject(object)) return JSON.stringify(object)
  }
  const where = source.from === 'body' ? 'the body' : `the body field "${source.path}"`
  throw new InvalidMessageError(
    'sink.detail-not-object',
    `the event detail must be a JSON object, and ${where} is ${describe(value)}`,
  )
}

function parsed(value: unknown): unknown {
  const text =
    typeof value === 'string'
      ? value
      : value instanceof Uint8Array
        ? Buffer.from(value).toString()
        : undefined
  if (text === undefined) return value
  try {
    return JSON.parse(text)
  } catch {
    return value
  }
}

function readPath(root: unknown, path: string): unknown {
  let current = root
  for (const segment of path.split('.')) {
    if (!isObject(current) || !Object.hasOwn(current, segment)) return undefined
    current = current[segment]
  }
  return current
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  )
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}
