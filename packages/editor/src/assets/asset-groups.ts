import { type AssetCategory, builtinRegistry } from '@sluice/assets'

/** The headings of the asset browser, in the order of the registry. */
export const CATEGORY_TITLES: Readonly<Record<AssetCategory, string>> = {
  connection: 'Connections',
  source: 'Sources',
  sink: 'Sinks',
  resource: 'Environments and secrets',
  workflow: 'Workflows',
  deployment: 'Deployments',
}

export interface AssetGroup<A> {
  kind: string
  title: string
  category: AssetCategory
  assets: A[]
}

/** True when every word of `query` is in the asset's name, description, kind or kind title (any case). */
export function matchesQuery(
  asset: { kind: string; name: string; description?: string },
  query: string,
): boolean {
  const title = builtinRegistry.get(asset.kind)?.title ?? ''
  const haystack = [asset.name, asset.description ?? '', asset.kind, title].join(' ').toLowerCase()
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word))
}

/**
 * Assets grouped by kind, kinds in registry order (unknown kinds last), names sorted; kinds with
 * no matching asset are left out unless `keepEmpty`.
 */
export function groupAssets<A extends { kind: string; name: string; description?: string }>(
  assets: readonly A[],
  query: string,
  keepEmpty = false,
): AssetGroup<A>[] {
  const kinds = builtinRegistry.types.map((t) => t.kind)
  for (const a of assets) if (!kinds.includes(a.kind)) kinds.push(a.kind)
  return kinds
    .map((kind) => {
      const type = builtinRegistry.get(kind)
      return {
        kind,
        title: type?.title ?? kind,
        category: type?.category ?? 'resource',
        assets: assets
          .filter((a) => a.kind === kind && matchesQuery(a, query))
          .sort((x, y) => x.name.localeCompare(y.name)),
      }
    })
    .filter((g) => keepEmpty || g.assets.length > 0)
}

/** A free name for a copy: `name-copy`, then `name-copy-2`, … */
export function copyName(name: string, taken: ReadonlySet<string>): string {
  const stem = `${name}-copy`.slice(0, 120)
  if (!taken.has(stem)) return stem
  for (let n = 2; ; n += 1) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`
}
