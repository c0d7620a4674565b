import { isMacroPrefix, MACRO_PREFIXES, type MacroNode, type Part, type Template } from './ast.ts'

/** Why a static macro could not be resolved. */
export type UnresolvedReason = 'missing' | 'denied' | 'unknown-prefix' | 'phase'

export interface Unresolved {
  prefix: string
  /** The name as far as it could be resolved. */
  name: string
  reason: UnresolvedReason
}

/**
 * Looks up static macro values. A lookup returns `undefined` for a name that does not exist, and
 * `denied` for one that exists but may not be read (an `env:` variable outside the node's allowlist).
 * A prefix with no lookup is left unresolved without an error: validation uses that to check only
 * what it knows.
 */
export type StaticLookups = Partial<
  Record<'lay' | 'sec' | 'env' | 'build', (name: string) => string | undefined | 'denied'>
>

export interface StaticResult {
  /** The template with every resolvable static macro replaced by its value. */
  template: Template
  problems: Unresolved[]
}

/**
 * Resolves the static macros of a template (`lay`, `sec`, `env`, `build`). Dynamic macros (`msg`,
 * `date`) stay in place, with their names resolved, for {@link compileTemplate}. Substituted values
 * are literal text: they are never expanded again. Every problem is reported, not just the first.
 */
export function resolveStatic(template: Template, lookups: StaticLookups): StaticResult {
  const problems: Unresolved[] = []
  const resolved = resolveParts(template, lookups, problems, false)
  return { template: resolved, problems }
}

function resolveParts(
  template: Template,
  lookups: StaticLookups,
  problems: Unresolved[],
  inStaticName: boolean,
): Part[] {
  const out: Part[] = []
  for (const part of template) {
    const next = typeof part === 'string' ? part : resolveNode(part, lookups, problems, inStaticName)
    const last = out.at(-1)
    if (typeof next === 'string' && typeof last === 'string') out[out.length - 1] = last + next
    else out.push(next)
  }
  return out
}

function resolveNode(
  node: MacroNode,
  lookups: StaticLookups,
  problems: Unresolved[],
  inStaticName: boolean,
): Part {
  const { prefix } = node
  if (!isMacroPrefix(prefix)) {
    problems.push({ prefix, name: textOf(node.name), reason: 'unknown-prefix' })
    return node
  }
  const isStatic = MACRO_PREFIXES[prefix] === 'static'
  if (!isStatic && inStaticName) {
    problems.push({ prefix, name: textOf(node.name), reason: 'phase' })
    return node
  }
  const name = resolveParts(node.name, lookups, problems, isStatic || inStaticName)
  const fallback = node.fallback ? resolveParts(node.fallback, lookups, problems, inStaticName) : undefined
  const resolvedNode: MacroNode = fallback ? { ...node, name, fallback } : { ...node, name }
  if (!isStatic || prefix === 'msg' || prefix === 'date') return resolvedNode
  const lookup = lookups[prefix]
  const plainName = name.every((p) => typeof p === 'string') ? name.join('') : undefined
  if (!lookup || plainName === undefined) return resolvedNode
  const value = lookup(plainName)
  if (value === 'denied') {
    problems.push({ prefix, name: plainName, reason: 'denied' })
    return resolvedNode
  }
  if (value !== undefined) return value
  if (fallback?.every((p) => typeof p === 'string')) return fallback.join('')
  if (fallback) return resolvedNode
  problems.push({ prefix, name: plainName, reason: 'missing' })
  return resolvedNode
}

function textOf(template: Template): string {
  return template.map((p) => (typeof p === 'string' ? p : sourceOf(p))).join('')
}

function sourceOf(node: MacroNode): string {
  const fallback = node.fallback ? `:-${textOf(node.fallback)}` : ''
  return `\${${node.prefix}:${textOf(node.name)}${fallback}}`
}

/** True when the template is only literal text (every macro has been resolved). */
export function isLiteral(template: Template): boolean {
  return template.every((p) => typeof p === 'string')
}
