import type { Issue } from '../issues.ts'
import { issue } from '../issues.ts'
import { isMacroPrefix, MACRO_PREFIXES, macroNodes } from '../macros/ast.ts'
import { MacroSyntaxError, parseTemplate } from '../macros/parse.ts'
import { isMacroText } from '../spec/authored.ts'
import { macroPhaseOf, uiOf } from '../spec/ui.ts'
import { walkSpec } from '../spec/walk.ts'

/**
 * Checks every macro of a spec on its own, without a deployment: syntax, known prefixes, and that
 * each field's phase allows the macros in it (no `${msg:...}` in a field resolved at start), and
 * secret fields hold `${sec:...}` references, never values.
 */
export function macroIssues(schema: unknown, spec: unknown, base: readonly (string | number)[]): Issue[] {
  const issues: Issue[] = []
  walkSpec(schema, spec, ({ path, value, schema: node }) => {
    const at = [...base, ...path]
    if (uiOf(node).secret && typeof value === 'string' && !value.includes('${sec:')) {
      issues.push(
        issue(
          'secret.plaintext',
          at,
          'write a ${sec:resource/key} reference here; secret values never go in project files',
        ),
      )
      return
    }
    if (!isMacroText(value)) return
    const phase = macroPhaseOf(node)
    if (phase === 'none') {
      issues.push(
        issue(
          'macro.not-allowed',
          at,
          `this field does not take macros; write a plain value instead of "${value}"`,
        ),
      )
      return
    }
    let template: ReturnType<typeof parseTemplate>
    try {
      template = parseTemplate(value)
    } catch (error) {
      if (error instanceof MacroSyntaxError) {
        issues.push(issue('macro.syntax', at, error.message))
        return
      }
      throw error
    }
    for (const node of macroNodes(template)) {
      if (!isMacroPrefix(node.prefix)) {
        issues.push(
          issue(
            'macro.unknown-prefix',
            at,
            `unknown macro prefix "${node.prefix}:"; use one of ${Object.keys(MACRO_PREFIXES).join(', ')}`,
          ),
        )
      } else if (MACRO_PREFIXES[node.prefix] === 'dynamic' && phase === 'static') {
        issues.push(
          issue(
            'macro.phase',
            at,
            `"\${${node.prefix}:...}" changes per message, but this field is resolved once when the workflow starts`,
          ),
        )
      }
    }
  })
  return issues
}
