import { type AssetTypeDefinition, resolveSpec } from '@sluice/assets'
import type { Static, TSchema } from 'typebox'

/** The spec the engine would get for `authored` (defaults filled, validated); throws on any issue. */
export function resolvedSpec<S extends TSchema>(
  type: AssetTypeDefinition<string, S>,
  authored: unknown,
): Static<S> {
  const result = resolveSpec(type, authored, { build: (name) => (name === 'tag' ? 'test' : undefined) })
  if (result.spec === undefined)
    throw new Error(
      `invalid ${type.kind} spec: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
    )
  return result.spec
}
