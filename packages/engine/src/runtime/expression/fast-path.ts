import { FUNCTIONS } from './functions.ts'
import { ARITHMETIC, arithmetic, comparison, concatenation, equality, inclusion } from './operators.ts'
import { FALLBACK, field, isRecord, truthy } from './semantics.ts'

/** Evaluates a compiled expression synchronously, or answers {@link FALLBACK}. */
export type FastEvaluator = (input: unknown) => unknown

type Compiled = (input: unknown) => unknown

const REJECTED_KEYS = ['predicate', 'stages', 'group', 'focus', 'index', 'tuple', 'keepArray', 'consarray']

/**
 * Compiles the common subset of JSONata into a synchronous function that gives the same result as
 * JSONata for the messages it accepts: literals, `$`, field paths, comparisons, arithmetic, `and`,
 * `or`, `&`, `in`, conditions, object and array constructors, and a few functions. Whenever a
 * message reaches anything it does not reproduce exactly (an array inside a path, a value JSONata
 * would raise an error for), the function returns {@link FALLBACK} and the caller evaluates the
 * message with JSONata. Returns `undefined` when the expression uses anything outside the subset.
 * Objects it builds have the usual prototype where JSONata's have none; their keys and values are
 * the same (a `__proto__` key falls back to JSONata).
 */
export function compileFastPath(ast: unknown): FastEvaluator | undefined {
  const compiled = compileNode(ast)
  if (!compiled) return undefined
  return (input) => (Array.isArray(input) ? FALLBACK : compiled(input))
}

function compileNode(node: unknown): Compiled | undefined {
  if (REJECTED_KEYS.some((key) => field(node, key) !== undefined)) return undefined
  const value = field(node, 'value')
  switch (field(node, 'type')) {
    case 'string':
    case 'number':
    case 'value':
      return () => value
    case 'variable':
      return value === '' || value === '$' ? (input) => input : undefined
    case 'path':
      return compilePath(field(node, 'steps'))
    case 'binary':
      return compileBinary(String(value), compileNode(field(node, 'lhs')), compileNode(field(node, 'rhs')))
    case 'unary':
      return compileUnary(node, value)
    case 'condition':
      return compileCondition(node)
    case 'block': {
      const expressions = field(node, 'expressions')
      return Array.isArray(expressions) && expressions.length === 1 ? compileNode(expressions[0]) : undefined
    }
    case 'function':
      return compileFunction(node)
    default:
      return undefined
  }
}

function compilePath(steps: unknown): Compiled | undefined {
  if (!Array.isArray(steps) || steps.length === 0) return undefined
  const keys: string[] = []
  for (const [i, step] of steps.entries()) {
    if (REJECTED_KEYS.some((key) => field(step, key) !== undefined)) return undefined
    const type = field(step, 'type')
    const name = field(step, 'value')
    if (i === 0 && type === 'variable' && (name === '' || name === '$')) continue
    if (type !== 'name' || typeof name !== 'string') return undefined
    keys.push(name)
  }
  const last = keys.length - 1
  const [only] = keys
  if (last === 0 && only !== undefined)
    return (input) => {
      if (!isRecord(input)) return Array.isArray(input) ? FALLBACK : undefined
      return Object.hasOwn(input, only) ? input[only] : undefined
    }
  return (input) => {
    let current = input
    for (let i = 0; i <= last; i++) {
      if (Array.isArray(current)) return FALLBACK
      if (!isRecord(current)) return undefined
      const key = keys[i] ?? ''
      if (!Object.hasOwn(current, key)) return undefined
      current = current[key]
    }
    return current
  }
}

function compileBinary(
  op: string,
  lhs: Compiled | undefined,
  rhs: Compiled | undefined,
): Compiled | undefined {
  if (!lhs || !rhs) return undefined
  const both =
    (combine: (l: unknown, r: unknown) => unknown): Compiled =>
    (input) => {
      const l = lhs(input)
      if (l === FALLBACK) return FALLBACK
      const r = rhs(input)
      return r === FALLBACK ? FALLBACK : combine(l, r)
    }
  switch (op) {
    case 'and':
    case 'or':
      return (input) => {
        const l = lhs(input)
        if (l === FALLBACK) return FALLBACK
        if (truthy(l) === (op === 'or')) return op === 'or'
        const r = rhs(input)
        return r === FALLBACK ? FALLBACK : truthy(r)
      }
    case '=':
    case '!=':
      return both((l, r) => equality(l, r, op === '!='))
    case '<':
    case '<=':
    case '>':
    case '>=':
      return both((l, r) => comparison(l, r, op))
    case '+':
    case '-':
    case '*':
    case '/':
    case '%': {
      const apply = ARITHMETIC[op]
      return both((l, r) => arithmetic(l, r, apply))
    }
    case '&':
      return both(concatenation)
    case 'in':
      return both(inclusion)
    default:
      return undefined
  }
}

function compileUnary(node: unknown, op: unknown): Compiled | undefined {
  if (op === '-') {
    const operand = compileNode(field(node, 'expression'))
    if (!operand) return undefined
    return (input) => {
      const v = operand(input)
      if (v === undefined || v === FALLBACK) return v
      return typeof v === 'number' && Number.isFinite(v) ? -v : FALLBACK
    }
  }
  if (op === '[') return compileArray(field(node, 'expressions'))
  if (op === '{') return compileObject(field(node, 'lhs'))
  return undefined
}

function compileArray(expressions: unknown): Compiled | undefined {
  if (!Array.isArray(expressions)) return undefined
  const items: { compiled: Compiled; nested: boolean }[] = []
  for (const item of expressions) {
    const compiled = compileNode(item)
    if (!compiled) return undefined
    items.push({ compiled, nested: field(item, 'value') === '[' && field(item, 'type') === 'unary' })
  }
  return (input) => {
    const out: unknown[] = []
    for (const { compiled, nested } of items) {
      const v = compiled(input)
      if (v === FALLBACK || (Array.isArray(v) && !nested)) return FALLBACK
      if (v !== undefined) out.push(v)
    }
    return out
  }
}

interface Entry {
  key: string
  compiled: Compiled
}

function compileEntries(pairs: unknown): Entry[] | undefined {
  if (!Array.isArray(pairs)) return undefined
  const entries: Entry[] = []
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) return undefined
    const key = field(pair[0], 'value')
    if (field(pair[0], 'type') !== 'string' || typeof key !== 'string') return undefined
    if (key === '_jsonata_lambda' || key === '_jsonata_function' || key === '__proto__') return undefined
    if (entries.some((e) => e.key === key)) return undefined
    const compiled = compileNode(pair[1])
    if (!compiled) return undefined
    entries.push({ key, compiled })
  }
  return entries
}

/** Sets each entry whose value is defined; false when one needs JSONata. */
function assignEntries(out: Record<string, unknown>, entries: readonly Entry[], input: unknown): boolean {
  for (const { key, compiled } of entries) {
    const v = compiled(input)
    if (v === FALLBACK) return false
    if (v !== undefined) out[key] = v
  }
  return true
}

function compileObject(pairs: unknown): Compiled | undefined {
  const entries = compileEntries(pairs)
  if (!entries) return undefined
  return (input) => {
    const out: Record<string, unknown> = {}
    return assignEntries(out, entries, input) ? out : FALLBACK
  }
}

const isConstructor = (node: unknown, bracket: '[' | '{') =>
  field(node, 'type') === 'unary' &&
  field(node, 'value') === bracket &&
  !REJECTED_KEYS.some((key) => field(node, key) !== undefined)

/**
 * `$merge([a, { ... }, ...])`, the usual way to add fields, merged straight into one object
 * without building the list and the inner objects first.
 */
function compileMergeList(list: unknown): Compiled | undefined {
  const items = field(list, 'expressions')
  if (!isConstructor(list, '[') || !Array.isArray(items)) return undefined
  const parts: { entries?: Entry[]; compiled?: Compiled }[] = []
  for (const item of items) {
    const entries = isConstructor(item, '{') ? compileEntries(field(item, 'lhs')) : undefined
    const compiled = entries ? undefined : compileNode(item)
    if (entries) parts.push({ entries })
    else if (compiled) parts.push({ compiled })
    else return undefined
  }
  return (input) => {
    const out: Record<string, unknown> = {}
    for (const { entries, compiled } of parts) {
      if (entries) {
        if (!assignEntries(out, entries, input)) return FALLBACK
        continue
      }
      const v = compiled?.(input)
      if (v === undefined) continue
      if (!isRecord(v) || Object.hasOwn(v, '__proto__')) return FALLBACK
      Object.assign(out, v)
    }
    return out
  }
}

function compileCondition(node: unknown): Compiled | undefined {
  const condition = compileNode(field(node, 'condition'))
  const then = compileNode(field(node, 'then'))
  const otherwise = field(node, 'else') === undefined ? () => undefined : compileNode(field(node, 'else'))
  if (!condition || !then || !otherwise) return undefined
  return (input) => {
    const c = condition(input)
    if (c === FALLBACK) return FALLBACK
    return truthy(c) ? then(input) : otherwise(input)
  }
}

function compileFunction(node: unknown): Compiled | undefined {
  const procedure = field(node, 'procedure')
  const args = field(node, 'arguments')
  if (field(procedure, 'type') !== 'variable' || !Array.isArray(args)) return undefined
  const name = field(procedure, 'value')
  if (name === 'now' && args.length === 0) return () => new Date().toISOString()
  if (args.length !== 1) return undefined
  const list = name === 'merge' ? compileMergeList(args[0]) : undefined
  if (list) return list
  const arg = compileNode(args[0])
  const apply = typeof name === 'string' ? FUNCTIONS[name] : undefined
  if (!arg || !apply) return undefined
  return (input) => {
    const v = arg(input)
    return v === FALLBACK ? FALLBACK : apply(v)
  }
}
