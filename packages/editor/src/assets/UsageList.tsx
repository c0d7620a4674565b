import { Link } from '../app/router.tsx'
import { routeOfAsset } from '../app/routes.ts'
import { useApi } from '../app/session.tsx'
import { useResource } from '../hooks/use-resource.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'

/** Where an asset is used: each asset and field that refers to it, with links. */
export function UsageList(props: { kind: string; name: string; version: string }) {
  const api = useApi()
  const usages = useResource(`usages:${props.kind}/${props.name}@${props.version}`, () =>
    api.assets.usages(props.kind, props.name),
  )
  return (
    <section className="panel" aria-label="Usage">
      <h2>Used by</h2>
      <ErrorMessage error={usages.error} />
      {usages.data?.length === 0 && <p className="muted">Nothing uses it yet.</p>}
      <ul className="usage-list">
        {usages.data?.map((u) => (
          <li key={`${u.kind}/${u.name}${u.path}`}>
            <Link to={routeOfAsset(u.kind, u.name)}>{u.name}</Link> <span className="muted">{u.kind}</span>{' '}
            <code className="muted">{u.path}</code>
          </li>
        ))}
      </ul>
    </section>
  )
}
