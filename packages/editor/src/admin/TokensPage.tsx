import { type FormEvent, useState } from 'react'
import { useApi, useSession } from '../app/session.tsx'
import { CopyButton } from '../deploy/CopyButton.tsx'
import { useAction } from '../hooks/use-action.ts'
import { useResource } from '../hooks/use-resource.ts'
import { Dialog } from '../ui/Dialog.tsx'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { ago } from '../ui/format.ts'

/** Bearer tokens for the CLI and engine nodes: made here, shown once, revocable. */
export function TokensPage() {
  const api = useApi()
  const { can } = useSession()
  const [all, setAll] = useState(false)
  const tokens = useResource(`tokens:${String(all)}`, () => api.admin.tokens(all))
  const action = useAction(tokens.reload)
  const [created, setCreated] = useState<string>()
  const revoke = (id: string) => action.run(() => api.admin.revokeToken(id))
  return (
    <main className="admin">
      <div className="page-header">
        <h1>Tokens</h1>
        {can('admin') && (
          <label className="check">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> every user's
            tokens
          </label>
        )}
      </div>
      <ErrorMessage error={tokens.error} />
      <ErrorMessage error={action.error} />
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Scopes</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((t) => (
            <tr key={t.id} className={t.revokedAt ? 'removed' : undefined}>
              <td>{t.name}</td>
              <td>{t.username}</td>
              <td>{t.role}</td>
              <td>{t.scopes.join(', ')}</td>
              <td>{ago(t.lastUsedAt)}</td>
              <td>{t.expiresAt ? new Date(t.expiresAt).toLocaleDateString() : 'never'}</td>
              <td>
                {t.revokedAt ? (
                  <span className="muted">revoked {ago(t.revokedAt)}</span>
                ) : (
                  <button type="button" className="button small danger" onClick={() => void revoke(t.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewToken
        onCreate={async (token) => {
          await action.run(async () => setCreated((await api.admin.createToken(token)).token))
        }}
      />
      {created && (
        <Dialog title="Your new token" onClose={() => setCreated(undefined)}>
          <p>Copy it now: it is shown only this once.</p>
          <pre className="policy">{created}</pre>
          <CopyButton text={created} label="Copy token" />
        </Dialog>
      )}
    </main>
  )
}

function NewToken(props: {
  onCreate(token: { name: string; scopes: string[]; expiresInDays?: number }): Promise<void>
}) {
  const [name, setName] = useState('')
  const [scope, setScope] = useState('api')
  const [cluster, setCluster] = useState('default')
  const [days, setDays] = useState('90')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const expires = Number(days)
    void props
      .onCreate({
        name,
        scopes: [scope === 'node' ? `node:${cluster}` : scope],
        ...(Number.isInteger(expires) && expires > 0 ? { expiresInDays: expires } : {}),
      })
      .then(() => setName(''))
  }
  return (
    <form className="group inline-form" onSubmit={submit}>
      <h2>Make a token</h2>
      <label>
        Name
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Scope
        <select className="input" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="api">api: what my role allows</option>
          <option value="api:read">api:read: reading only</option>
          <option value="node">node: an engine node of a cluster</option>
        </select>
      </label>
      {scope === 'node' && (
        <label>
          Cluster
          <input className="input" value={cluster} onChange={(e) => setCluster(e.target.value)} />
        </label>
      )}
      <label>
        Expires in days
        <input className="input" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
      </label>
      <button type="submit" className="button primary">
        Make token
      </button>
    </form>
  )
}
