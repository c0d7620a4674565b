import type { Static, TSchema } from 'typebox'
import Value from 'typebox/value'
import { schemaIssues } from '../validate/schema-issues.ts'
import { type Authored, isMacroText } from './authored.ts'
import type { AssetTypeDefinition } from './define.ts'
import { macroPhaseOf } from './ui.ts'
import { walkSpec } from './walk.ts'

/** True when `spec` fits the type's schema, allowing macros in any field: the authored form. */
export function isAuthored<S extends TSchema>(
  type: AssetTypeDefinition<string, S>,
  spec: unknown,
): spec is Authored<Static<S>> {
  return schemaIssues(type.spec, spec).length === 0
}

/**
 * True when `spec` is what the engine runs: it fits the type's schema and every macro is resolved,
 * except per-message templates (`${msg:...}`, `${date:...}`) in fields that take them. Those are
 * strings, so the type holds; their pattern and length are checked per message once rendered.
 */
export function isResolved<S extends TSchema>(
  type: AssetTypeDefinition<string, S>,
  spec: unknown,
): spec is Static<S> {
  if (Value.Check(type.spec, spec)) return true
  let onlyTemplates = true
  walkSpec(type.spec, spec, ({ value, schema }) => {
    if (isMacroText(value) && macroPhaseOf(schema) !== 'dynamic') onlyTemplates = false
  })
  return onlyTemplates && schemaIssues(type.spec, spec).length === 0
}
