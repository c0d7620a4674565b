/** Readers for JSON Schema nodes held as `unknown`: each answers `undefined` for a missing or mistyped keyword. */

export type JsonObject = { readonly [key: string]: unknown }

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function field(schema: unknown, key: string): unknown {
  return isObject(schema) ? schema[key] : undefined
}

export function stringOf(schema: unknown, key: string): string | undefined {
  const value = field(schema, key)
  return typeof value === 'string' ? value : undefined
}

export function numberOf(schema: unknown, key: string): number | undefined {
  const value = field(schema, key)
  return typeof value === 'number' ? value : undefined
}

export function listOf(schema: unknown, key: string): readonly unknown[] {
  const value = field(schema, key)
  return Array.isArray(value) ? value : []
}

export function objectOf(schema: unknown, key: string): JsonObject | undefined {
  const value = field(schema, key)
  return isObject(value) ? value : undefined
}

export function stringsOf(schema: unknown, key: string): string[] {
  return listOf(schema, key).filter((v): v is string => typeof v === 'string')
}
