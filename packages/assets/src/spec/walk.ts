import type { TSchema } from 'typebox'
import Value from 'typebox/value'
import { branchesOf, prop, selectedBranch } from '../validate/schema-pointer.ts'

/** One node of a spec value with the schema node that describes it. */
export interface SpecNode {
  path: readonly (string | number)[]
  value: unknown
  schema: unknown
}

/**
 * Visits every node of `value` together with its schema node, outer before inner. Unions resolve
 * to the branch the value selects (by discriminator, else the first branch it satisfies), so hints
 * such as `x-ui.ref` and `x-ui.macro` are read from the right place.
 */
export function walkSpec(
  schema: unknown,
  value: unknown,
  visit: (node: SpecNode) => void,
  path: (string | number)[] = [],
): void {
  const resolved = resolveUnion(schema, value)
  visit({ path, value, schema: resolved })
  if (Array.isArray(value)) {
    const items = prop(resolved, 'items')
    value.forEach((item, i) => {
      walkSpec(items, item, visit, [...path, i])
    })
    return
  }
  if (typeof value !== 'object' || value === null) return
  for (const [key, child] of Object.entries(value)) {
    walkSpec(childSchema(resolved, key), child, visit, [...path, key])
  }
}

function resolveUnion(schema: unknown, value: unknown): unknown {
  const branches = branchesOf(schema)
  if (branches.length === 0) return schema
  const index = selectedBranch(schema, value)
  if (index !== undefined) return resolveUnion(branches[index], value)
  const fits = branches.find((b) => isSchema(b) && Value.Check(b, value))
  return fits === undefined ? schema : resolveUnion(fits, value)
}

function childSchema(schema: unknown, key: string): unknown {
  const properties = prop(schema, 'properties')
  const own = prop(properties, key)
  if (own !== undefined) return own
  const patterns = prop(schema, 'patternProperties')
  if (patterns && typeof patterns === 'object') return Object.values(patterns)[0]
  const additional = prop(schema, 'additionalProperties')
  return typeof additional === 'object' ? additional : undefined
}

function isSchema(value: unknown): value is TSchema {
  return typeof value === 'object' && value !== null
}
