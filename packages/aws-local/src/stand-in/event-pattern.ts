import { StandInError } from './errors.ts'

/** A compiled EventBridge event pattern: a predicate over an event envelope. */
export type CompiledPattern = (event: unknown) => boolean

type ValueMatcher = (value: unknown) => boolean
type FieldMatcher = (present: boolean, values: readonly unknown[]) => boolean

function invalid(reason: string): StandInError {
  return new StandInError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

function requireString(value: unknown, operator: string): string {
  if (typeof value !== 'string') throw invalid(`${operator} match pattern must be a string`)
  return value
}

function stringTest(spec: unknown, operator: string, test: (v: string, s: string) => boolean): ValueMatcher {
  if (isRecord(spec) && 'equals-ignore-case' in spec) {
    const wanted = requireString(spec['equals-ignore-case'], operator).toLowerCase()
    return (v) => typeof v === 'string' && test(v.toLowerCase(), wanted)
  }
  const wanted = requireString(spec, operator)
  return (v) => typeof v === 'string' && test(v, wanted)
}

function wildcardMatcher(spec: unknown): ValueMatcher {
  const source = requireString(spec, 'wildcard')
  const body = source
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  const re = new RegExp(`^${body}$`, 's')
  return (v) => typeof v === 'string' && re.test(v)
}

function numericMatcher(spec: unknown): ValueMatcher {
  if (!Array.isArray(spec) || spec.length === 0 || spec.length % 2 !== 0 || spec.length > 4) {
    throw invalid('Bad numeric range operator')
  }
  const tests: ValueMatcher[] = []
  for (let i = 0; i < spec.length; i += 2) {
    const op = spec[i]
    const bound = spec[i + 1]
    if (typeof bound !== 'number') throw invalid('Value of numeric operator must be a number')
    const cmp: Record<string, (n: number) => boolean> = {
      '=': (n) => n === bound,
      '<': (n) => n < bound,
      '<=': (n) => n <= bound,
      '>': (n) => n > bound,
      '>=': (n) => n >= bound,
    }
    const test = typeof op === 'string' ? cmp[op] : undefined
    if (test === undefined) throw invalid(`Unrecognized numeric range operator: ${String(op)}`)
    tests.push((v) => typeof v === 'number' && test(v))
  }
  return (v) => tests.every((t) => t(v))
}

function anythingButMatcher(spec: unknown): ValueMatcher {
  if (isRecord(spec)) {
    const inner = compileOperator(spec)
    return (v) => v !== undefined && !inner.value(v)
  }
  const excluded = Array.isArray(spec) ? spec : [spec]
  if (excluded.length === 0 || !excluded.every(isPrimitive)) {
    throw invalid('anything-but takes a value, a non-empty list of values, or one operator')
  }
  return (v) => isPrimitive(v) && !excluded.includes(v)
}

function compileOperator(spec: Record<string, unknown>): { value: ValueMatcher; exists?: boolean } {
  const keys = Object.keys(spec)
  const [operator] = keys
  if (keys.length !== 1 || operator === undefined)
    throw invalid('Match object must have exactly one operator')
  const arg = spec[operator]
  switch (operator) {
    case 'prefix':
      return { value: stringTest(arg, operator, (v, s) => v.startsWith(s)) }
    case 'suffix':
      return { value: stringTest(arg, operator, (v, s) => v.endsWith(s)) }
    case 'equals-ignore-case': {
      const wanted = requireString(arg, operator).toLowerCase()
      return { value: (v) => typeof v === 'string' && v.toLowerCase() === wanted }
    }
    case 'wildcard':
      return { value: wildcardMatcher(arg) }
    case 'numeric':
      return { value: numericMatcher(arg) }
    case 'anything-but':
      return { value: anythingButMatcher(arg) }
    case 'exists':
      if (typeof arg !== 'boolean') throw invalid('exists match pattern must be either true or false.')
      return { value: () => arg, exists: arg }
    default:
      throw invalid(`Unrecognized match type ${operator}`)
  }
}

function compileLeaf(items: readonly unknown[]): FieldMatcher {
  if (items.length === 0) throw invalid('Empty arrays are not allowed')
  const matchers = items.map((item): FieldMatcher => {
    if (isPrimitive(item)) return (present, values) => present && values.includes(item)
    if (!isRecord(item)) throw invalid('Match value must be String, number, true, false, or null')
    const op = compileOperator(item)
    if (op.exists !== undefined) {
      const wanted = op.exists
      return (present, values) => (wanted ? present && values.some((v) => !isRecord(v)) : !present)
    }
    return (present, values) => present && values.some(op.value)
  })
  return (present, values) => matchers.some((m) => m(present, values))
}

function compileObject(pattern: Record<string, unknown>): CompiledPattern {
  const entries = Object.entries(pattern)
  if (entries.length === 0) throw invalid('Empty objects are not allowed')
  const checks = entries.map(([key, spec]): CompiledPattern => {
    if (key === '$or') {
      if (!Array.isArray(spec) || spec.length < 2 || !spec.every(isRecord)) {
        throw invalid('$or must be an array of at least two objects')
      }
      const alternatives = spec.map(compileObject)
      return (event) => alternatives.some((alt) => alt(event))
    }
    if (Array.isArray(spec)) {
      const leaf = compileLeaf(spec)
      return (event) => {
        const present = isRecord(event) && key in event
        const raw = isRecord(event) ? event[key] : undefined
        return leaf(present, Array.isArray(raw) ? raw : [raw])
      }
    }
    if (isRecord(spec)) {
      const nested = compileObject(spec)
      return (event) => {
        const raw = isRecord(event) ? event[key] : undefined
        return Array.isArray(raw) ? raw.some(nested) : nested(raw)
      }
    }
    throw invalid(`"${key}" must be an object or an array`)
  })
  return (event) => checks.every((check) => check(event))
}

/**
 * Parses and validates an EventBridge event pattern. Supports exact values (string, number,
 * boolean, null), `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but`, `numeric`,
 * `exists`, nested objects and `$or`. Throws `InvalidEventPatternException` for anything else.
 */
export function compileEventPattern(json: string): CompiledPattern {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw invalid('Filter is not an object')
  }
  if (!isRecord(parsed)) throw invalid('Filter is not an object')
  return compileObject(parsed)
}
