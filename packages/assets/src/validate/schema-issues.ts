import type { TSchema } from 'typebox'
import { Settings } from 'typebox/system'
import Value from 'typebox/value'
import { type Issue, type IssueCode, toPointer } from '../issues.ts'
import { isMacroText } from '../spec/authored.ts'
import {
  branchesOf,
  discriminatorOf,
  prop,
  schemaAtPath,
  selectedBranch,
  valueAtPointer,
} from './schema-pointer.ts'

Settings.Set({ maxErrors: 10_000 })

interface RawError {
  keyword: string
  schemaPath: string
  instancePath: string
  params: unknown
  message: string
}

/**
 * Checks `value` against `schema` and returns every issue, with paths under `base`. Union errors
 * are narrowed to the branch the value selects, so a wrong `mode` yields one clear issue rather
 * than one per branch. A field holding a macro is not checked here: it is checked once resolved.
 */
export function schemaIssues(
  schema: TSchema,
  value: unknown,
  base: readonly (string | number)[] = [],
): Issue[] {
  const prefix = toPointer(base)
  const raw: RawError[] = [...Value.Errors(schema, value)]
  const kept = narrowUnions(schema, value, raw).filter(
    (e) => !isMacroText(valueAtPointer(value, e.instancePath)),
  )
  const issues: Issue[] = []
  const seen = new Set<string>()
  for (const error of kept) {
    for (const found of toIssues(schema, value, error)) {
      const full = { ...found, path: prefix + found.path }
      const key = `${full.path}|${full.code}`
      if (!seen.has(key)) {
        seen.add(key)
        issues.push(full)
      }
    }
  }
  return issues
}

function narrowUnions(schema: unknown, value: unknown, errors: RawError[]): RawError[] {
  let remaining = errors
  const unions = errors
    .filter((e) => e.keyword === 'anyOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length)
  for (const union of unions) {
    if (!remaining.includes(union)) continue
    const node = schemaAtPath(schema, union.schemaPath)
    const branchRoot = `${union.schemaPath}/anyOf/`
    const inBranch = (e: RawError) => e.schemaPath.startsWith(branchRoot)
    const branch = selectedBranch(node, valueAtPointer(value, union.instancePath))
    if (branch !== undefined) {
      const keep = `${branchRoot}${branch}`
      remaining = remaining.filter(
        (e) => e !== union && (!inBranch(e) || e.schemaPath === keep || e.schemaPath.startsWith(`${keep}/`)),
      )
    } else {
      remaining = remaining.filter((e) => e === union || !inBranch(e))
    }
  }
  return remaining
}

function toIssues(schema: unknown, value: unknown, error: RawError): Issue[] {
  const node = schemaAtPath(schema, error.schemaPath)
  const at = error.instancePath
  switch (error.keyword) {
    case 'required': {
      const names = prop(error.params, 'requiredProperties')
      const list = Array.isArray(names) ? names.map(String) : []
      const properties = prop(node, 'properties')
      return list
        .filter((name) => prop(prop(properties, name), 'default') === undefined)
        .map((name) => ({
          path: `${at}/${name}`,
          code: 'schema.required',
          message: `"${name}" is required${describe(prop(properties, name))}`,
        }))
    }
    case 'additionalProperties': {
      const extra = prop(error.params, 'additionalProperties')
      const allowed = Object.keys(Object(prop(node, 'properties'))).join(', ')
      return (Array.isArray(extra) ? extra.map(String) : []).map((name) => ({
        path: `${at}/${name}`,
        code: 'schema.unknown-field',
        message: `unknown field "${name}"${allowed ? `; allowed here: ${allowed}` : ''}`,
      }))
    }
    case 'boolean':
      return []
    case 'anyOf':
      return [unionIssue(node, valueAtPointer(value, at), at)]
    case 'type':
      return [
        issueOf(
          'schema.type',
          at,
          `must be ${article(String(prop(node, 'type')))}, not ${typeName(valueAtPointer(value, at))}`,
        ),
      ]
    case 'const':
    case 'enum':
      return [
        issueOf('schema.enum', at, `must be ${JSON.stringify(prop(node, 'const') ?? prop(node, 'enum'))}`),
      ]
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return [issueOf('schema.range', at, rangeMessage(node, valueAtPointer(value, at)))]
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
      return [issueOf('schema.range', at, error.message.replace(/^must/, 'must'))]
    case 'pattern':
    case 'format':
      return [issueOf('schema.pattern', at, `"${String(valueAtPointer(value, at))}" ${patternMessage(node)}`)]
    default:
      return [issueOf('schema.invalid', at, error.message)]
  }
}

function unionIssue(node: unknown, value: unknown, at: string): Issue {
  const discriminator = discriminatorOf(node)
  if (discriminator) {
    const choices = discriminator.values.map((v) => JSON.stringify(v)).join(', ')
    const given = prop(value, discriminator.key)
    return issueOf(
      'schema.enum',
      `${at}/${discriminator.key}`,
      given === undefined
        ? `"${discriminator.key}" is required: one of ${choices}`
        : `must be one of ${choices}, not ${JSON.stringify(given)}`,
    )
  }
  const literals = branchesOf(node).map((b) => prop(b, 'const'))
  if (literals.length > 0 && literals.every((l) => l !== undefined)) {
    return issueOf(
      'schema.enum',
      at,
      `must be one of ${literals.map((l) => JSON.stringify(l)).join(', ')}, not ${JSON.stringify(value)}`,
    )
  }
  return issueOf('schema.invalid', at, 'does not match any of the allowed forms')
}

function issueOf(code: IssueCode, path: string, message: string): Issue {
  return { path, code, message }
}

function rangeMessage(node: unknown, value: unknown): string {
  const min = prop(node, 'minimum') ?? prop(node, 'exclusiveMinimum')
  const max = prop(node, 'maximum') ?? prop(node, 'exclusiveMaximum')
  const bounds =
    min !== undefined && max !== undefined
      ? `between ${min} and ${max}`
      : min !== undefined
        ? `at least ${min}`
        : `at most ${max}`
  return `must be ${bounds}, not ${JSON.stringify(value)}`
}

function patternMessage(node: unknown): string {
  const description = prop(node, 'description')
  return typeof description === 'string'
    ? `is not of the expected form: ${description}`
    : `does not match ${String(prop(node, 'pattern'))}`
}

function describe(node: unknown): string {
  const description = prop(node, 'description')
  return typeof description === 'string' ? `: ${description}` : ''
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `${typeof value} ${JSON.stringify(value)}`
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    integer: 'a whole number',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
  }
  return names[type] ?? type
}
