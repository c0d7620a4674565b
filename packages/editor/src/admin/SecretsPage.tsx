import type { AssetView } from '@sluice/assets'
import { useProject } from '../app/project.tsx'
import { Link, useRouter } from '../app/router.tsx'
import { useApi, useSession } from '../app/session.tsx'
import { isObject } from '../forms/schema-read.ts'
import { useAction } from '../hooks/use-action.ts'
import { useResource } from '../hooks/use-resource.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'

/** Secret resources: the key each is sealed to, which values it has (never the values), re-sealing to another key. */
export function SecretsPage() {
  const api = useApi()
  const project = useProject()
  const { can } = useSession()
  const { navigate } = useRouter()
  const keys = useResource('keys', () => api.admin.keys())
  const action = useAction(project.reload)
  const secrets = project.assets
    .filter((a) => a.kind === 'resource.secret')
    .sort((a, b) => a.name.localeCompare(b.name))
  const owner = (fingerprint: string) => {
    const key = keys.data?.find((k) => k.fingerprint === fingerprint)
    return key ? (key.owner === 'server' ? 'config server' : `cluster ${key.cluster ?? ''}`) : 'unknown key'
  }
  const rotate = (secret: AssetView, to: string) =>
    action.run(() => api.admin.rotateSecret(secret.name, to, secret.version))
  return (
    <main className="admin">
      <div className="page-header">
        <h1>Secrets</h1>
        <span className="spacer" />
        {can('assets.write') && (
          <button
            type="button"
            className="button primary"
            onClick={() => navigate({ page: 'new-asset', kind: 'resource.secret' })}
          >
            New secret resource
          </button>
        )}
      </div>
      <p className="muted">
        Values are sealed to a public key as they are written, and never shown again. Reference one as{' '}
        <code>{'${sec:resource/key}'}</code>.
      </p>
      <ErrorMessage error={action.error} title="Not re-sealed" />
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Resource</th>
            <th scope="col">Sealed to</th>
            <th scope="col">Values</th>
            {can('assets.write') && <th scope="col">Re-seal</th>}
          </tr>
        </thead>
        <tbody>
          {secrets.map((s) => {
            const spec = isObject(s.spec) ? s.spec : {}
            const fingerprint = typeof spec.keyFingerprint === 'string' ? spec.keyFingerprint : ''
            const values = isObject(spec.values) ? Object.keys(spec.values) : []
            return (
              <tr key={s.name}>
                <td>
                  <Link to={{ page: 'asset', kind: s.kind, name: s.name }}>{s.name}</Link>
                </td>
                <td>
                  {owner(fingerprint)} <code className="muted">{fingerprint.slice(0, 20)}…</code>
                </td>
                <td>
                  {values.length ? (
                    values.map((v) => <span key={v} className="chip chip-ok">{`${v}: has value`}</span>)
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                {can('assets.write') && (
                  <td>
                    <select
                      className="input"
                      aria-label={`Re-seal ${s.name} to key`}
                      value=""
                      onChange={(e) => e.target.value && void rotate(s, e.target.value)}
                    >
                      <option value="">to another key…</option>
                      {keys.data
                        ?.filter((k) => k.fingerprint !== fingerprint)
                        .map((k) => (
                          <option key={k.fingerprint} value={k.fingerprint}>
                            {`${k.owner === 'server' ? 'config server' : `cluster ${k.cluster ?? ''}`} ${k.fingerprint.slice(0, 18)}…`}
                          </option>
                        ))}
                    </select>
                  </td>
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
    </main>
  )
}
