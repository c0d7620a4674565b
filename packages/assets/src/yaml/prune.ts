import type { TSchema } from 'typebox'
import Value from 'typebox/value'
import { branchesOf, prop, selectedBranch } from '../validate/schema-pointer.ts'
import { deepEqual, isRecord } from './deep-equal.ts'

/**
 * The value as a project file should hold it: mapping keys in the order of the schema's
 * `properties` (unknown keys last, in their original order), and every value equal to its schema
 * default left out, recursively, so `Value.Default` restores exactly what was left out. A union
 * is followed into the branch the value selects. Called before writing an asset as YAML; without
 * a schema it only drops `undefined` entries. Never throws.
 */
export function pruneValue(schema: unknown, value: unknown): unknown {
  const resolved = resolveBranch(schema, value)
  if (Array.isArray(value)) {
    const items = prop(resolved, 'items')
    return value.map((item) => pruneValue(items, item))
  }
  if (!isRecord(value)) return value
  const entries: [string, unknown][] = []
  for (const key of orderedKeys(resolved, value)) {
    const child = value[key]
    if (child === undefined) continue
    const childSchema = childSchemaOf(resolved, key)
    const pruned = pruneValue(childSchema, child)
    if (!isDefault(childSchema, pruned)) entries.push([key, pruned])
  }
  return Object.fromEntries(entries)
}

function isDefault(schema: unknown, pruned: unknown): boolean {
  const fallback = prop(schema, 'default')
  return fallback !== undefined && deepEqual(pruned, pruneValue(schema, fallback))
}

function orderedKeys(schema: unknown, value: Record<string, unknown>): string[] {
  const properties = prop(schema, 'properties')
  const known = isRecord(properties) ? Object.keys(properties) : []
  const own = Object.keys(value)
  return [...known.filter((key) => Object.hasOwn(value, key)), ...own.filter((key) => !known.includes(key))]
}

function resolveBranch(schema: unknown, value: unknown): unknown {
  const branches = branchesOf(schema)
  if (branches.length === 0) return schema
  const index = selectedBranch(schema, value)
  const chosen = index === undefined ? branches.find((b) => isSchema(b) && checks(b, value)) : branches[index]
  return chosen === undefined ? schema : resolveBranch(chosen, value)
}

function checks(schema: TSchema, value: unknown): boolean {
  try {
    return Value.Check(schema, value)
  } catch {
    return false
  }
}

function childSchemaOf(schema: unknown, key: string): unknown {
  const own = prop(prop(schema, 'properties'), key)
  if (own !== undefined) return own
  const patterns = prop(schema, 'patternProperties')
  if (isRecord(patterns)) return Object.values(patterns)[0]
  const additional = prop(schema, 'additionalProperties')
  return typeof additional === 'object' ? additional : undefined
}

function isSchema(value: unknown): value is TSchema {
  return typeof value === 'object' && value !== null
}
