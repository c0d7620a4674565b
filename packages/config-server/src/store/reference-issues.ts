import {
  type Asset,
  type AssetRegistry,
  type Issue,
  issue,
  referencesOf,
  resolveReference,
} from '@sluice/assets'

/**
 * The references of one asset that do not resolve among `assets`: a field naming a missing asset
 * or one of a kind it does not take, or a `${sec:resource/key}` naming a missing secret resource.
 * A write that adds such a reference is refused, so the project never gains a dangling link.
 */
export function referenceIssues(registry: AssetRegistry, assets: readonly Asset[], asset: Asset): Issue[] {
  const issues: Issue[] = []
  for (const ref of referencesOf(registry, asset)) {
    if (resolveReference(assets, ref)) continue
    if (ref.via === 'macro') {
      issues.push(issue('ref.missing', ref.path, `no secret resource "${ref.name}" in the project`))
      continue
    }
    const other = assets.find((a) => a.name === ref.name)
    const accepted = ref.kinds.join(' or ')
    issues.push(
      other
        ? issue(
            'ref.wrong-kind',
            ref.path,
            `"${ref.name}" is a ${other.kind}, but this field takes a ${accepted}`,
          )
        : issue('ref.missing', ref.path, `no ${accepted} named "${ref.name}"`),
    )
  }
  return issues
}
