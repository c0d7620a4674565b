import { fromPointer } from '../issues.ts'

/** The sub-schema a TypeBox `schemaPath` (`#/properties/a/anyOf/1`) points at. */
export function schemaAtPath(root: unknown, schemaPath: string): unknown {
  let current = root
  for (const segment of fromPointer(schemaPath.replace(/^#/, ''))) {
    if (typeof current !== 'object' || current === null) return undefined
    current = Reflect.get(current, segment)
  }
  return current
}

/** The value a JSON pointer points at inside `root`. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let current = root
  for (const segment of fromPointer(pointer)) {
    if (typeof current !== 'object' || current === null) return undefined
    current = Reflect.get(current, segment)
  }
  return current
}

/** Reads a property of an unknown value, or `undefined`. */
export function prop(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined
}

/** The branches of an `anyOf` schema node; `[]` for other nodes. */
export function branchesOf(schema: unknown): unknown[] {
  const anyOf = prop(schema, 'anyOf')
  return Array.isArray(anyOf) ? anyOf : []
}

/**
 * The property that tells the branches of a union apart: one that is a `const` in every branch.
 * Returns the property name and the constant of each branch, or `undefined` for other unions.
 */
export function discriminatorOf(schema: unknown): { key: string; values: unknown[] } | undefined {
  const branches = branchesOf(schema)
  const first = prop(branches[0], 'properties')
  if (!first || typeof first !== 'object') return undefined
  for (const key of Object.keys(first)) {
    const values = branches.map((b) => prop(prop(prop(b, 'properties'), key), 'const'))
    if (values.every((v) => v !== undefined)) return { key, values }
  }
  return undefined
}

/** The branch of a union that `value` selects: by its discriminator, else `undefined`. */
export function selectedBranch(schema: unknown, value: unknown): number | undefined {
  const discriminator = discriminatorOf(schema)
  if (!discriminator) return undefined
  const index = discriminator.values.indexOf(prop(value, discriminator.key))
  return index < 0 ? undefined : index
}
