import { useProject } from '../app/project.tsx'
import { Link, useRouter } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { isObject } from '../forms/schema-read.ts'

function variablesOf(spec: unknown): Record<string, unknown> {
  return isObject(spec) && isObject(spec.variables) ? spec.variables : {}
}

/** Environments side by side: every key in every environment, so a key missing from one stage shows. */
export function EnvironmentsPage() {
  const project = useProject()
  const { can } = useSession()
  const { navigate } = useRouter()
  const environments = project.assets
    .filter((a) => a.kind === 'resource.environment')
    .sort((a, b) => a.name.localeCompare(b.name))
  const keys = [...new Set(environments.flatMap((e) => Object.keys(variablesOf(e.spec))))].sort()
  return (
    <main className="admin">
      <div className="page-header">
        <h1>Environments</h1>
        <span className="spacer" />
        {can('assets.write') && (
          <button
            type="button"
            className="button primary"
            onClick={() => navigate({ page: 'new-asset', kind: 'resource.environment' })}
          >
            New environment
          </button>
        )}
      </div>
      <p className="muted">
        Values for <code>{'${lay:KEY}'}</code> macros. A deployment merges its environments in order; keep the
        same keys in each stage.
      </p>
      {environments.length === 0 ? (
        <p className="muted">No environment yet.</p>
      ) : (
        <div className="matrix-scroll">
          <table className="matrix">
            <thead>
              <tr>
                <th scope="col">Key</th>
                {environments.map((e) => (
                  <th key={e.name} scope="col">
                    <Link to={{ page: 'asset', kind: e.kind, name: e.name }}>{e.name}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key}>
                  <th scope="row">
                    <code>{key}</code>
                  </th>
                  {environments.map((e) => {
                    const value = variablesOf(e.spec)[key]
                    return (
                      <td key={e.name} className={value === undefined ? 'missing' : undefined}>
                        {value === undefined ? 'missing' : String(value)}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  )
}
