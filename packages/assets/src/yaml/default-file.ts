import type { Asset } from '../asset.ts'
import { builtinRegistry } from '../kinds/builtin.ts'
import type { AssetCategory } from '../spec/define.ts'
import { isValidName } from '../spec/names.ts'
import type { AssetRegistry } from '../spec/registry.ts'

const folders: Record<AssetCategory, string> = {
  connection: 'connections',
  source: 'sources',
  sink: 'sinks',
  resource: 'resources',
  workflow: 'workflows',
  deployment: 'deployments',
}

/**
 * The conventional project-relative file of an asset, by its kind's category: `connections/`,
 * `sources/`, `sinks/`, `workflows/`, `deployments/`, and for resources a folder per kind
 * (`resources/environments/`, `resources/secrets/`), then `<name>.yaml`. Called when the editor
 * or CLI creates an asset, and in file-name hints. An unknown kind goes to the project root.
 * Returns `undefined` for a name that is not a valid asset name, so a name such as `../x` never
 * becomes a path.
 */
export function defaultFileFor(
  asset: Pick<Asset, 'kind' | 'name'>,
  registry: AssetRegistry = builtinRegistry,
): string | undefined {
  if (!isValidName(asset.name)) return undefined
  const category = registry.get(asset.kind)?.category
  if (category === undefined) return `${asset.name}.yaml`
  const folder = category === 'resource' ? resourceFolder(asset.kind) : folders[category]
  return `${folder}/${asset.name}.yaml`
}

function resourceFolder(kind: string): string {
  const [, ...rest] = kind.split('.')
  const type = rest.join('-').replace(/[^a-z0-9-]/gi, '')
  if (type === '') return folders.resource
  return `${folders.resource}/${type.endsWith('y') ? `${type.slice(0, -1)}ies` : `${type}s`}`
}
