import type { ClusterView } from '@sluice/assets'
import { useState } from 'react'
import { useApi, useSession } from '../app/session.tsx'
import { CopyButton } from '../deploy/CopyButton.tsx'
import { useAction } from '../hooks/use-action.ts'
import { useResource } from '../hooks/use-resource.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { ago } from '../ui/format.ts'

/** The keys secrets are sealed to, with fingerprints, and the clusters with their public keys. */
export function KeysPage() {
  const api = useApi()
  const { can } = useSession()
  const keys = useResource('keys', () => api.admin.keys())
  const clusters = useResource('clusters', () => api.admin.clusters())
  const action = useAction(() => {
    keys.reload()
    clusters.reload()
  })
  const act = async (work: () => Promise<unknown>) => {
    await action.run(work)
  }
  return (
    <main className="admin">
      <div className="page-header">
        <h1>Keys</h1>
        <span className="spacer" />
        {can('admin') && (
          <button
            type="button"
            className="button"
            onClick={() => void act(() => api.admin.rotateServerKey())}
          >
            New server key
          </button>
        )}
      </div>
      <ErrorMessage error={action.error} />
      <ErrorMessage error={keys.error} />
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Owner</th>
            <th scope="col">Fingerprint</th>
            <th scope="col">Opens values here</th>
            <th scope="col">Created</th>
            <th scope="col">Public key</th>
          </tr>
        </thead>
        <tbody>
          {keys.data?.map((k) => (
            <tr key={k.fingerprint}>
              <td>
                {k.owner === 'server' ? 'config server' : `cluster ${k.cluster ?? ''}`}{' '}
                {k.active && <span className="chip chip-ok">active</span>}
              </td>
              <td>
                <code>{k.fingerprint}</code>
              </td>
              <td>{k.canDecrypt ? 'yes: tests run on the server' : 'no: only engine nodes'}</td>
              <td>{ago(k.createdAt)}</td>
              <td>
                <CopyButton text={k.publicKeyPem} label="Copy PEM" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Clusters</h2>
      <ErrorMessage error={clusters.error} />
      {clusters.data?.map((c) => (
        <ClusterRow
          key={c.name}
          cluster={c}
          editable={can('admin')}
          onSave={(change) => act(() => api.admin.putCluster(c.name, change))}
        />
      ))}
      {can('admin') && (
        <NewCluster onSave={(name, change) => act(() => api.admin.putCluster(name, change))} />
      )}
    </main>
  )
}

function ClusterRow(props: {
  cluster: ClusterView
  editable: boolean
  onSave(change: { publicKeyPem?: string; allowAmbient?: boolean }): Promise<void>
}) {
  const { cluster } = props
  const [pem, setPem] = useState('')
  return (
    <section className="panel" aria-label={`Cluster ${cluster.name}`}>
      <h3>{cluster.name}</h3>
      {cluster.description && <p className="muted">{cluster.description}</p>}
      <p>
        Key:{' '}
        {cluster.fingerprint ? (
          <code>{cluster.fingerprint}</code>
        ) : (
          <span className="error-text">no public key yet</span>
        )}
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={cluster.allowAmbient}
          disabled={!props.editable}
          onChange={(e) => void props.onSave({ allowAmbient: e.target.checked })}
        />
        Allow ambient identities (default chain, instance role, web identity) on its nodes
      </label>
      {props.editable && (
        <div className="row">
          <textarea
            className="input mono"
            rows={3}
            placeholder="-----BEGIN PUBLIC KEY-----"
            aria-label={`New public key of ${cluster.name}`}
            value={pem}
            onChange={(e) => setPem(e.target.value)}
          />
          <button
            type="button"
            className="button"
            disabled={pem.trim() === ''}
            onClick={() => void props.onSave({ publicKeyPem: pem }).then(() => setPem(''))}
          >
            Set key
          </button>
        </div>
      )}
    </section>
  )
}

function NewCluster(props: {
  onSave(name: string, change: { publicKeyPem?: string; description?: string }): Promise<void>
}) {
  const [name, setName] = useState('')
  const [pem, setPem] = useState('')
  return (
    <fieldset className="group">
      <legend>Add a cluster</legend>
      <label>
        Name
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Public key (PEM)
        <textarea className="input mono" rows={3} value={pem} onChange={(e) => setPem(e.target.value)} />
      </label>
      <button
        type="button"
        className="button"
        disabled={name === ''}
        onClick={() =>
          void props.onSave(name, pem.trim() ? { publicKeyPem: pem } : {}).then(() => setName(''))
        }
      >
        Add cluster
      </button>
    </fieldset>
  )
}
