/**
 * Returned by a fast-path evaluator when a message falls outside what it reproduces exactly (an
 * array where a path steps, a type JSONata would reject); the caller then asks JSONata itself.
 */
export const FALLBACK: unique symbol = Symbol('jsonata.fallback')
export type Fallback = typeof FALLBACK

/** Reads a property of an unknown value, or `undefined`. */
export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined
}

/** JSONata's effective boolean value (`$boolean`): `undefined` stays `undefined`. */
export function jsonataBoolean(value: unknown): boolean | undefined {
  if (value === undefined) return undefined
  if (Array.isArray(value)) {
    if (value.length === 1) return jsonataBoolean(value[0])
    return value.some((item) => jsonataBoolean(item) === true)
  }
  if (typeof value === 'string') return value.length > 0
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value)
  if (typeof value === 'boolean') return value
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0
  return false
}

/** `undefined` counts as false, as JSONata's `and`, `or` and conditions do. */
export function truthy(value: unknown): boolean {
  return jsonataBoolean(value) === true
}

/** A value `=`, `!=` and `in` compare by identity: anything but objects and arrays. */
export function isScalar(value: unknown): value is string | number | boolean | null {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  )
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
