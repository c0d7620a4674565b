import type { Static, TSchema } from 'typebox'
import Value from 'typebox/value'
import { type Issue, issue, toPointer } from '../issues.ts'
import { isMacroText } from '../spec/authored.ts'
import type { AssetTypeDefinition } from '../spec/define.ts'
import { isAuthored, isResolved } from '../spec/guards.ts'
import { macroPhaseOf } from '../spec/ui.ts'
import { walkSpec } from '../spec/walk.ts'
import { schemaIssues } from '../validate/schema-issues.ts'
import { prop } from '../validate/schema-pointer.ts'
import { stringifyTemplate } from './ast.ts'
import { MacroSyntaxError, parseTemplate } from './parse.ts'
import { isLiteral, resolveStatic, type StaticLookups, type Unresolved } from './resolve.ts'

export interface ResolvedSpec<S extends TSchema> {
  /** The spec with every static macro substituted and typed; absent when any issue remains. */
  spec?: Static<S>
  issues: Issue[]
}

/**
 * Substitutes the static macros of an authored spec, then validates the result: a number field
 * given `${lay:BATCH}` must hold a number once resolved. Fields that take per-message macros keep
 * them as template text for `compileTemplate`. Called by the engine when a workflow starts and by
 * validation against a deployment. Every missing name is reported at once.
 */
export function resolveSpec<S extends TSchema>(
  type: AssetTypeDefinition<string, S>,
  authored: unknown,
  lookups: StaticLookups,
  base: readonly (string | number)[] = ['spec'],
): ResolvedSpec<S> {
  const spec = Value.Default(type.spec, structuredClone(authored))
  const issues: Issue[] = []
  const replacements: { path: readonly (string | number)[]; value: unknown }[] = []
  walkSpec(type.spec, spec, ({ path, value, schema }) => {
    if (!isMacroText(value)) return
    const at = [...base, ...path]
    let template: ReturnType<typeof parseTemplate>
    try {
      template = parseTemplate(value)
    } catch (error) {
      if (!(error instanceof MacroSyntaxError)) throw error
      issues.push(issue('macro.syntax', at, error.message))
      return
    }
    const { template: resolved, problems } = resolveStatic(template, lookups)
    issues.push(...problems.map((p) => problemIssue(p, at)))
    if (problems.length > 0) return
    if (isLiteral(resolved)) replacements.push({ path, value: coerce(resolved.join(''), schema) })
    else if (macroPhaseOf(schema) === 'dynamic')
      replacements.push({ path, value: stringifyTemplate(resolved) })
  })
  for (const { path, value } of replacements) setIn(spec, path, value)
  if (issues.length > 0) return { issues }
  issues.push(...schemaIssues(type.spec, spec, base))
  if (issues.length === 0 && type.rules && isAuthored(type, spec)) {
    const prefix = base.map((s) => `/${s}`).join('')
    issues.push(...type.rules(spec).map((i) => ({ ...i, path: prefix + i.path })))
  }
  if (issues.length > 0) return { issues }
  if (!isResolved(type, spec)) return { issues: unresolvedIssues(type.spec, spec, base) }
  return { spec, issues }
}

function unresolvedIssues(schema: TSchema, spec: unknown, base: readonly (string | number)[]): Issue[] {
  const found: Issue[] = []
  walkSpec(schema, spec, ({ path, value, schema: node }) => {
    if (isMacroText(value) && macroPhaseOf(node) !== 'dynamic')
      found.push(
        issue(
          'macro.missing',
          [...base, ...path],
          `"${value}" has a macro whose values are not available here`,
        ),
      )
  })
  return found.length > 0
    ? found
    : [
        issue(
          'schema.invalid',
          toPointer(base),
          'the spec does not fit its type once its macros are resolved',
        ),
      ]
}

function coerce(text: string, schema: unknown): unknown {
  const type = prop(schema, 'type')
  if ((type === 'integer' || type === 'number') && text.trim() !== '' && Number.isFinite(Number(text)))
    return Number(text)
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true'
  return text
}

function problemIssue(problem: Unresolved, at: readonly (string | number)[]): Issue {
  const macro = `\${${problem.prefix}:${problem.name}}`
  switch (problem.reason) {
    case 'missing':
      return issue('macro.missing', at, `${macro}: ${missingHint(problem.prefix)}`)
    case 'denied':
      return issue(
        'macro.env-denied',
        at,
        `${macro}: the engine node does not allow this variable (see its env allowlist)`,
      )
    case 'phase':
      return issue(
        'macro.phase',
        at,
        `${macro} changes per message, so it cannot name a value resolved at start`,
      )
    case 'unknown-prefix':
      return issue('macro.unknown-prefix', at, `${macro}: unknown prefix "${problem.prefix}:"`)
  }
}

function missingHint(prefix: string): string {
  switch (prefix) {
    case 'lay':
      return "no such key in the deployment's environments (add it, or give a default with :-)"
    case 'sec':
      return "no such value in the deployment's secrets (write resource/key, and list the resource in the deployment)"
    case 'env':
      return 'the variable is not set on the engine node'
    default:
      return 'no such build value (tag, version, timestamp, deployment)'
  }
}

function setIn(root: unknown, path: readonly (string | number)[], value: unknown): void {
  if (path.length === 0) return
  let parent = root
  for (const segment of path.slice(0, -1)) parent = prop(parent, String(segment))
  const last = path.at(-1)
  if (typeof parent === 'object' && parent !== null && last !== undefined) Reflect.set(parent, last, value)
}
