import { type Asset, assetKey } from '../asset.ts'
import { type Issue, issue } from '../issues.ts'
import { deployment } from '../kinds/deployment.ts'
import { deploymentLookups } from '../macros/deployment-lookups.ts'
import { resolveSpec } from '../macros/resolve-spec.ts'
import { referencesOf, resolveReference } from '../references.ts'
import { isAuthored } from '../spec/guards.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { validateAsset } from './validate-asset.ts'

/**
 * Checks what spans assets: every reference names an existing asset of an accepted kind, every
 * `${sec:resource/key}` names a stored value, and, for each deployment, every macro of every asset
 * its workflows use resolves from that deployment's environments and secrets and still fits its
 * field. Per-asset checks are `validateAsset`'s; this adds to them. Never throws for bad input.
 */
export function validateProject(registry: AssetRegistry, assets: readonly Asset[]): Issue[] {
  const issues = [...referenceIssues(registry, assets)]
  for (const target of assets) {
    if (target.kind === deployment.kind) issues.push(...deploymentIssues(registry, assets, target))
  }
  return dedupe(issues)
}

function referenceIssues(registry: AssetRegistry, assets: readonly Asset[]): Issue[] {
  const issues: Issue[] = []
  for (const asset of assets) {
    for (const ref of referencesOf(registry, asset)) {
      const found = resolveReference(assets, ref)
      const at = (i: Issue) => withFile(i, asset)
      if (ref.via === 'macro') {
        if (!found)
          issues.push(at(issue('ref.missing', ref.path, `no secret resource "${ref.name}" in the project`)))
        continue
      }
      if (found) continue
      const other = assets.find((a) => a.name === ref.name)
      const accepted = ref.kinds.join(' or ')
      if (other) {
        issues.push(
          at(
            issue(
              'ref.wrong-kind',
              ref.path,
              `"${ref.name}" is a ${other.kind}, but this field takes a ${accepted}`,
            ),
          ),
        )
      } else {
        const candidates = assets
          .filter((a) => resolveReference([a], { name: a.name, kinds: ref.kinds }))
          .map((a) => a.name)
        const hint = candidates.length ? `; available: ${candidates.join(', ')}` : ''
        issues.push(at(issue('ref.missing', ref.path, `no ${accepted} named "${ref.name}"${hint}`)))
      }
    }
  }
  return issues
}

function deploymentIssues(registry: AssetRegistry, assets: readonly Asset[], target: Asset): Issue[] {
  if (!isAuthored(deployment, target.spec)) return []
  const spec = target.spec
  const lookups = deploymentLookups(assets, spec)
  const issues: Issue[] = []
  for (const name of spec.workflows) {
    const root = assets.find((a) => a.kind === 'workflow' && a.name === name)
    if (!root) continue
    for (const asset of closure(registry, assets, root)) {
      const type = registry.get(asset.kind)
      if (!type) continue
      const own = new Set(
        validateAsset(registry, { kind: asset.kind, name: asset.name, spec: asset.spec }).issues.map(
          sameIssue,
        ),
      )
      for (const found of resolveSpec(type, asset.spec, lookups).issues) {
        if (own.has(sameIssue(found))) continue
        issues.push(
          withFile({ ...found, message: `${found.message} (in deployment "${target.name}")` }, asset),
        )
      }
    }
  }
  return issues
}

/** The asset and everything it references, directly or through other assets. */
export function closure(registry: AssetRegistry, assets: readonly Asset[], root: Asset): Asset[] {
  const seen = new Map<string, Asset>([[assetKey(root), root]])
  const queue = [root]
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const ref of referencesOf(registry, next)) {
      const found = resolveReference(assets, ref)
      if (found && !seen.has(assetKey(found))) {
        seen.set(assetKey(found), found)
        queue.push(found)
      }
    }
  }
  return [...seen.values()]
}

/** Issues an asset has on its own are reported once, not again for each deployment that uses it. */
function sameIssue(found: Issue): string {
  return `${found.path}|${found.code}|${found.message}`
}

function withFile(found: Issue, asset: Asset): Issue {
  return asset.file === undefined ? found : { file: asset.file, ...found }
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const key = `${i.file}|${i.path}|${i.code}|${i.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
