import type { Static, TSchema } from 'typebox'
import Value from 'typebox/value'
import { schemaIssues } from '../validate/schema-issues.ts'
import type { Authored } from './authored.ts'
import type { AssetTypeDefinition } from './define.ts'

/** True when `spec` fits the type's schema, allowing macros in any field: the authored form. */
export function isAuthored<S extends TSchema>(
  type: AssetTypeDefinition<string, S>,
  spec: unknown,
): spec is Authored<Static<S>> {
  return schemaIssues(type.spec, spec).length === 0
}

/** True when `spec` fits the type's schema exactly, every macro resolved: what the engine runs. */
export function isResolved<S extends TSchema>(
  type: AssetTypeDefinition<string, S>,
  spec: unknown,
): spec is Static<S> {
  return Value.Check(type.spec, spec)
}
