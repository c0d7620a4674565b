import type { Static, TSchema } from 'typebox'
import Value from 'typebox/value'

/** A nested field of a parsed JSON value, or undefined: `at(body, 'error', 'code')`. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value
  for (const key of path)
    current = typeof current === 'object' && current !== null ? Reflect.get(current, key) : undefined
  return current
}

/** A nested string field; throws, failing the test, when it is not a string. */
export function textAt(value: unknown, ...path: (string | number)[]): string {
  const found = at(value, ...path)
  if (typeof found !== 'string')
    throw new Error(`expected a string at ${path.join('.')}, got ${JSON.stringify(found)}`)
  return found
}

/** A nested list field; throws, failing the test, when it is not a list. */
export function listAt(value: unknown, ...path: (string | number)[]): unknown[] {
  const found = at(value, ...path)
  if (!Array.isArray(found))
    throw new Error(`expected a list at ${path.join('.')}, got ${JSON.stringify(found)}`)
  return found
}

/** A value checked against a TypeBox schema; throws naming the first mismatch. */
export function parseAs<S extends TSchema>(schema: S, value: unknown): Static<S> {
  if (Value.Check(schema, value)) return value
  const first = [...Value.Errors(schema, value)][0]
  throw new Error(`does not fit the schema at ${first?.instancePath || '/'}: ${first?.message}`)
}
