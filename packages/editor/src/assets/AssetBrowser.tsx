import { builtinRegistry } from '@sluice/assets'
import { useState } from 'react'
import { useProject } from '../app/project.tsx'
import { Link, useRouter } from '../app/router.tsx'
import { routeOfAsset } from '../app/routes.ts'
import { useSession } from '../app/session.tsx'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { AssetActions } from './AssetActions.tsx'
import { AssetStatus } from './AssetStatus.tsx'
import { CATEGORY_TITLES, groupAssets } from './asset-groups.ts'
import { ReloadFromDisk, UnreadableFiles } from './ProjectProblems.tsx'

/** Every asset of the project by kind: search, create, and per asset its state and actions. */
export function AssetBrowser(props: { kind?: string }) {
  const project = useProject()
  const { can } = useSession()
  const { navigate } = useRouter()
  const [query, setQuery] = useState('')
  const shown =
    props.kind === undefined ? project.assets : project.assets.filter((a) => a.kind === props.kind)
  const groups = groupAssets(shown, query)
  let lastCategory = ''
  return (
    <main className="browser">
      <div className="page-header">
        <h1>Assets</h1>
        <input
          className="input search"
          type="search"
          placeholder="Search by name, description or kind"
          aria-label="Search assets"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="spacer" />
        <ReloadFromDisk />
        {can('assets.write') && (
          <label className="inline-label">
            New
            <select
              className="input"
              aria-label="Create an asset of kind"
              value=""
              onChange={(e) => e.target.value && navigate({ page: 'new-asset', kind: e.target.value })}
            >
              <option value="">choose a kind…</option>
              {builtinRegistry.types.map((t) => (
                <option key={t.kind} value={t.kind}>
                  {t.title}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ErrorMessage error={project.error} title="The asset list could not be loaded" />
      <UnreadableFiles />
      {project.loading && project.assets.length === 0 && <p className="muted">Loading…</p>}
      {!project.loading && groups.length === 0 && <p className="muted">No asset matches “{query}”.</p>}
      {groups.map((group) => {
        const heading = group.category !== lastCategory ? CATEGORY_TITLES[group.category] : undefined
        lastCategory = group.category
        return (
          <section key={group.kind} className="asset-group" aria-label={group.title}>
            {heading && <h2 className="category">{heading}</h2>}
            <h3>
              {group.title} <span className="count">{group.assets.length}</span>
            </h3>
            <ul className="asset-list">
              {group.assets.map((asset) => (
                <li key={asset.name} className="asset-row" data-asset={`${asset.kind}/${asset.name}`}>
                  <div className="asset-main">
                    <Link to={routeOfAsset(asset.kind, asset.name)} className="asset-name">
                      {asset.name}
                    </Link>
                    {asset.description && <span className="asset-description">{asset.description}</span>}
                  </div>
                  <AssetStatus asset={asset} />
                  <AssetActions asset={asset} />
                </li>
              ))}
            </ul>
          </section>
        )
      })}
    </main>
  )
}
