import { FALLBACK, isRecord, jsonataBoolean } from './semantics.ts'

/** The JSONata functions of one argument the fast path runs itself, by name. */

const stringFunction =
  (apply: (s: string) => unknown) =>
  (v: unknown): unknown =>
    v === undefined ? undefined : typeof v === 'string' ? apply(v) : FALLBACK

export const FUNCTIONS: Record<string, (v: unknown) => unknown> = {
  exists: (v) => v !== undefined,
  boolean: (v) => jsonataBoolean(v),
  not: (v) => (v === undefined ? undefined : !jsonataBoolean(v)),
  lowercase: stringFunction((s) => s.toLowerCase()),
  uppercase: stringFunction((s) => s.toUpperCase()),
  length: stringFunction((s) => Array.from(s).length),
  string: stringFunction((s) => s),
  merge: merge,
}

function merge(v: unknown): unknown {
  if (v === undefined) return undefined
  const objects = Array.isArray(v) ? v : [v]
  for (const object of objects) if (!isRecord(object) || Object.hasOwn(object, '__proto__')) return FALLBACK
  const out: Record<string, unknown> = {}
  for (const object of objects) Object.assign(out, object)
  return out
}
