import type { Usage } from '@sluice/assets'
import { Link } from '../app/router.tsx'
import { routeOfAsset } from '../app/routes.ts'
import { useApi } from '../app/session.tsx'
import { useResource } from '../hooks/use-resource.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'

/** Usages grouped by the asset that refers, each with the fields it refers from. */
export function groupUsages(usages: readonly Usage[]): { kind: string; name: string; paths: string[] }[] {
  const groups = new Map<string, { kind: string; name: string; paths: string[] }>()
  for (const u of usages) {
    const key = `${u.kind}/${u.name}`
    const group = groups.get(key)
    if (group) group.paths.push(u.path)
    else groups.set(key, { kind: u.kind, name: u.name, paths: [u.path] })
  }
  return [...groups.values()]
}

/** Where an asset is used: each asset that refers to it, with links, and the fields it refers from. */
export function UsageList(props: { kind: string; name: string; version: string }) {
  const api = useApi()
  const usages = useResource(`usages:${props.kind}/${props.name}@${props.version}`, () =>
    api.assets.usages(props.kind, props.name),
  )
  const groups = groupUsages(usages.data ?? [])
  return (
    <section className="panel" aria-label="Usage">
      <h2>Used by</h2>
      <ErrorMessage error={usages.error} />
      {usages.data?.length === 0 && <p className="muted">Nothing uses it yet.</p>}
      <ul className="usage-list">
        {groups.map((g) => (
          <li key={`${g.kind}/${g.name}`}>
            <Link to={routeOfAsset(g.kind, g.name)}>{g.name}</Link> <span className="muted">{g.kind}</span>{' '}
            {g.paths.length === 1 ? (
              <code className="muted">{g.paths[0]}</code>
            ) : (
              <details>
                <summary className="muted">{g.paths.length} references</summary>
                {g.paths.map((p) => (
                  <code key={p} className="muted usage-path">
                    {p}
                  </code>
                ))}
              </details>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
