import type { Asset } from '../asset.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { pruneValue } from './prune.ts'

/**
 * The plain value a project file holds for `asset`: envelope keys in the order `kind`, `name`,
 * `description`, `requiredRoles`, `spec`; `description` left out when absent, `requiredRoles` when
 * empty; the spec ordered and stripped of defaults by its kind's schema (see {@link pruneValue}).
 * `file` is not part of a project file. An unknown kind keeps its spec as given.
 */
export function assetFileValue(registry: AssetRegistry, asset: Asset): Record<string, unknown> {
  const schema = registry.get(asset.kind)?.spec
  return {
    kind: asset.kind,
    name: asset.name,
    ...(asset.description === undefined ? {} : { description: asset.description }),
    ...(asset.requiredRoles.length > 0 ? { requiredRoles: [...asset.requiredRoles] } : {}),
    spec: pruneValue(schema, asset.spec ?? {}),
  }
}
