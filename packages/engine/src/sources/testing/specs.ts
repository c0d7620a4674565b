import { type AssetTypeDefinition, resolveSpec } from '@sluice/assets'
import type { Static, TSchema } from 'typebox'

/** The spec the engine would get for `authored` (defaults filled, validated); throws on any issue. */
export function resolvedSpec<S extends TSchema>(
  type: AssetTypeDefinition<string, S>,
  authored: object,
): Static<S> {
  const { spec, issues } = resolveSpec(type, authored, {})
  if (spec === undefined) throw new Error(`invalid ${type.kind} spec: ${JSON.stringify(issues)}`)
  return spec
}
