import { macroPhaseOf, uiOf } from '../spec/ui.ts'
import { branchesOf, discriminatorOf, prop } from '../validate/schema-pointer.ts'

/** One documented field: its dotted path, type, whether it is required, default and description. */
export interface FieldRow {
  path: string
  type: string
  required: boolean
  defaultValue?: unknown
  description: string
  macros: string
  hints: string[]
}

/**
 * Flattens a spec schema into documented rows, outer fields first. A discriminated union becomes
 * one row for the discriminator and the fields of each branch, labelled with the branch value.
 */
export function fieldRows(schema: unknown, path = '', required = true): FieldRow[] {
  const rows: FieldRow[] = []
  const branches = branchesOf(schema)
  const discriminator = discriminatorOf(schema)
  if (discriminator) {
    const values = discriminator.values.map((v) => `\`${String(v)}\``).join(' | ')
    const literal = prop(prop(branches[0], 'properties'), discriminator.key)
    rows.push({
      ...row(schema, `${path}.${discriminator.key}`, required, values),
      macros: macroPhaseOf(literal),
    })
    branches.forEach((branch, i) => {
      const label = `${path}[${discriminator.key}=${String(discriminator.values[i])}]`
      rows.push(...objectRows(branch, label, new Set([discriminator.key])))
    })
    return rows
  }
  const properties = prop(schema, 'properties')
  if (path !== '') rows.push(row(schema, path, required))
  if (properties && typeof properties === 'object') rows.push(...objectRows(schema, path, new Set()))
  const items = prop(schema, 'items')
  if (prop(items, 'properties') || discriminatorOf(items)) rows.push(...fieldRows(items, `${path}[]`, true))
  return rows
}

function objectRows(schema: unknown, path: string, skip: Set<string>): FieldRow[] {
  const properties = Object(prop(schema, 'properties'))
  const listed = prop(schema, 'required')
  const required = new Set(Array.isArray(listed) ? listed.map(String) : [])
  return Object.entries(properties)
    .filter(([key]) => !skip.has(key))
    .flatMap(([key, child]) =>
      fieldRows(
        child,
        path ? `${path}.${key}` : key,
        required.has(key) && prop(child, 'default') === undefined,
      ),
    )
}

function row(schema: unknown, path: string, required: boolean, typeOverride?: string): FieldRow {
  const hints = uiOf(schema)
  const list: string[] = []
  if (hints.secret) list.push('secret')
  if (hints.ref) list.push(`references ${hints.ref.join(', ')}`)
  if (hints.listing) list.push(`picker: ${hints.listing}`)
  if (hints.advanced) list.push('advanced')
  const defaultValue = prop(schema, 'default')
  const base = {
    path: path.replace(/^\./, ''),
    type: typeOverride ?? typeOf(schema),
    required: required && defaultValue === undefined,
    description: String(prop(schema, 'description') ?? ''),
    macros: macroPhaseOf(schema),
    hints: list,
  }
  return defaultValue === undefined ? base : { ...base, defaultValue }
}

function typeOf(schema: unknown): string {
  const constant = prop(schema, 'const')
  if (constant !== undefined) return `\`${String(constant)}\``
  const branches = branchesOf(schema)
  if (branches.length > 0) return branches.map(typeOf).join(' | ')
  const type = prop(schema, 'type')
  if (type === 'array') return `list of ${typeOf(prop(schema, 'items'))}`
  if (type === 'object' && prop(schema, 'patternProperties')) return 'map of string'
  const bounds = [prop(schema, 'minimum'), prop(schema, 'maximum')]
  if ((type === 'integer' || type === 'number') && bounds.every((b) => b !== undefined))
    return `${type} ${bounds[0]}–${bounds[1]}`
  return typeof type === 'string' ? type : 'any'
}
