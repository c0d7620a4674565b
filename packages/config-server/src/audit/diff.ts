import { type AuditDiffEntry, toPointer } from '@sluice/assets'

/** One difference between two JSON values, at a JSON pointer. */
export type DiffEntry = AuditDiffEntry

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function pointer(base: string, key: string | number): string {
  return `${base}${toPointer([key])}`
}

/**
 * The differences between two JSON values, deepest first changed field, objects compared key by
 * key and arrays index by index. Callers mask secret values before diffing.
 */
export function jsonDiff(before: unknown, after: unknown, path = ''): DiffEntry[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return []
  if (before === undefined) return [{ path, op: 'add', after }]
  if (after === undefined) return [{ path, op: 'remove', before }]
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    return keys.flatMap((key) => jsonDiff(before[key], after[key], pointer(path, key)))
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length)
    return Array.from({ length }, (_, i) => jsonDiff(before[i], after[i], pointer(path, i))).flat()
  }
  return [{ path, op: 'replace', before, after }]
}
