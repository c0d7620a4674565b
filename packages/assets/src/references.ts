import { type Asset, assetKey } from './asset.ts'
import { fromPointer, toPointer } from './issues.ts'
import { macroNodes } from './macros/ast.ts'
import { MacroSyntaxError, parseTemplate } from './macros/parse.ts'
import type { AssetRegistry } from './spec/registry.ts'
import { uiOf } from './spec/ui.ts'
import { walkSpec } from './spec/walk.ts'

/** A link from one asset to another: a reference field, or a `${sec:name/key}` macro. */
export interface AssetReference {
  /** JSON pointer of the field inside the referring asset. */
  path: string
  /** Name of the referenced asset. */
  name: string
  /** Kinds the field accepts; `sink.*` accepts every kind starting with `sink.`. */
  kinds: readonly string[]
  via: 'field' | 'macro'
}

/** True when `kind` is among `accepted`, where `prefix.*` accepts a whole family. */
export function kindAccepted(accepted: readonly string[], kind: string): boolean {
  return accepted.some((a) => (a.endsWith('.*') ? kind.startsWith(a.slice(0, -1)) : a === kind))
}

/** Every reference an asset makes, found through the `x-ui.ref` hints of its schema and its `sec:` macros. */
export function referencesOf(registry: AssetRegistry, asset: Asset): AssetReference[] {
  const type = registry.get(asset.kind)
  if (!type) return []
  const found: AssetReference[] = []
  walkSpec(type.spec, asset.spec, ({ path, value, schema }) => {
    if (typeof value !== 'string') return
    const at = toPointer(['spec', ...path])
    const kinds = uiOf(schema).ref
    if (kinds) found.push({ path: at, name: value, kinds, via: 'field' })
    for (const name of secretResourcesIn(value))
      found.push({ path: at, name, kinds: ['resource.secret'], via: 'macro' })
  })
  return found
}

/** Names of the secret resources a string's `${sec:resource/key}` macros read (literal names only). */
export function secretResourcesIn(text: string): string[] {
  if (!text.includes('${sec:')) return []
  try {
    return [...macroNodes(parseTemplate(text))]
      .filter((n) => n.prefix === 'sec' && typeof n.name[0] === 'string')
      .map((n) => String(n.name[0]).split('/')[0] ?? '')
      .filter((name) => name !== '')
  } catch (error) {
    if (error instanceof MacroSyntaxError) return []
    throw error
  }
}

/** Finds the asset a reference points at. */
export function resolveReference(
  assets: readonly Asset[],
  ref: Pick<AssetReference, 'name' | 'kinds'>,
): Asset | undefined {
  return assets.find((a) => a.name === ref.name && kindAccepted(ref.kinds, a.kind))
}

/** Where an asset is used: every asset and field that references it. */
export function usagesOf(
  registry: AssetRegistry,
  assets: readonly Asset[],
  target: Pick<Asset, 'kind' | 'name'>,
): { asset: Asset; path: string }[] {
  return assets.flatMap((asset) =>
    referencesOf(registry, asset)
      .filter((r) => r.name === target.name && kindAccepted(r.kinds, target.kind))
      .map((r) => ({ asset, path: r.path })),
  )
}

/**
 * Renames an asset and rewrites every reference to it, macros included. Returns the renamed asset
 * and the changed copies of the assets that referred to it; the inputs are left untouched.
 */
export function renameAsset(
  registry: AssetRegistry,
  assets: readonly Asset[],
  target: Pick<Asset, 'kind' | 'name'>,
  newName: string,
): { renamed: Asset | undefined; updated: Asset[] } {
  const original = assets.find((a) => assetKey(a) === assetKey(target))
  const renamed = original ? { ...original, name: newName } : undefined
  const updated: Asset[] = []
  for (const asset of assets) {
    const uses = usagesOf(registry, [asset], target)
    if (uses.length === 0) continue
    const base = asset === original && renamed ? renamed : asset
    const copy: Asset = { ...base, spec: structuredClone(asset.spec) }
    for (const { path } of uses) rewriteAt(copy, fromPointer(path), target.name, newName)
    if (asset === original && renamed) renamed.spec = copy.spec
    else updated.push(copy)
  }
  return { renamed, updated }
}

function rewriteAt(asset: Asset, segments: string[], oldName: string, newName: string): void {
  const [, ...inSpec] = segments
  const last = inSpec.pop()
  let parent: unknown = asset.spec
  for (const s of inSpec)
    parent = typeof parent === 'object' && parent !== null ? Reflect.get(parent, s) : undefined
  if (last === undefined || typeof parent !== 'object' || parent === null) return
  const current = Reflect.get(parent, last)
  if (typeof current !== 'string') return
  const next =
    current === oldName ? newName : current.replaceAll(`\${sec:${oldName}/`, () => `\${sec:${newName}/`)
  Reflect.set(parent, last, next)
}
