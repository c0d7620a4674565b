import type { FieldModel, UnionBranch } from './form-model.ts'
import { isObject } from './schema-read.ts'

/** A location inside a spec: property names and list indexes. */
export type Path = readonly (string | number)[]

/** The value at `path` inside `root`, or `undefined`. */
export function getAt(root: unknown, path: Path): unknown {
  let current = root
  for (const segment of path) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined
    else current = isObject(current) ? current[segment] : undefined
  }
  return current
}

/**
 * A copy of `root` with `value` at `path`, creating objects and lists on the way. `undefined`
 * removes the property (or list entry), so cleared optional fields leave the spec.
 */
export function setAt(root: unknown, path: Path, value: unknown): unknown {
  const [head, ...rest] = path
  if (head === undefined) return value
  if (typeof head === 'number') {
    const list = Array.isArray(root) ? [...root] : []
    const next = setAt(list[head], rest, value)
    if (next === undefined && rest.length === 0) list.splice(head, 1)
    else list[head] = next
    return list
  }
  const object: Record<string, unknown> = isObject(root) ? { ...root } : {}
  const next = setAt(object[head], rest, value)
  if (next === undefined) delete object[head]
  else object[head] = next
  return object
}

/** The initial value of a field in a new asset or list row: its default, else what its type starts from. */
export function initialValue(model: FieldModel): unknown {
  if (model.defaultValue !== undefined) return structuredClone(model.defaultValue)
  switch (model.type) {
    case 'object':
      return initialObject(model.fields)
    case 'union': {
      const first = model.branches[0]
      return first ? branchValue(model.discriminator, first, undefined) : undefined
    }
    case 'constant':
      return model.value
    case 'list':
      return model.minItems !== undefined && model.minItems > 0 ? [initialValue(model.item)] : []
    case 'keyValue':
    case 'record':
      return {}
    case 'boolean':
      return false
    case 'enum':
      return model.options[0]
    default:
      return model.required ? '' : undefined
  }
}

/** An object holding the initial value of each field that has one. */
export function initialObject(fields: readonly FieldModel[]): Record<string, unknown> {
  const object: Record<string, unknown> = {}
  for (const f of fields) {
    const value = initialValue(f)
    if (value !== undefined) object[f.key] = value
  }
  return object
}

/**
 * The value of a union after switching to `branch`: the discriminator, fields the old value shares
 * with the branch kept, and the initial values of the rest.
 */
export function branchValue(
  discriminator: string,
  branch: UnionBranch,
  previous: unknown,
): Record<string, unknown> {
  const value = initialObject(branch.fields)
  if (isObject(previous))
    for (const f of branch.fields)
      if (f.key !== discriminator && previous[f.key] !== undefined) value[f.key] = previous[f.key]
  value[discriminator] = branch.value
  return value
}

/** The branch of a union that a value selects, by its discriminator. */
export function selectedBranch(
  model: Extract<FieldModel, { type: 'union' }>,
  value: unknown,
): UnionBranch | undefined {
  const tag = isObject(value) ? value[model.discriminator] : undefined
  return model.branches.find((b) => b.value === tag)
}
