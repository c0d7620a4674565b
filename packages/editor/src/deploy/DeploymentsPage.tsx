import type { DeploymentView } from '@sluice/assets'
import { useState } from 'react'
import { Link } from '../app/router.tsx'
import { useApi, useSession } from '../app/session.tsx'
import { useAction } from '../hooks/use-action.ts'
import { useResource } from '../hooks/use-resource.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { ago } from '../ui/format.ts'
import { DeployDialog } from './DeployDialog.tsx'
import { RollbackControl } from './RollbackControl.tsx'

/** Every deployment: its active version, where it runs, its history; deploy, roll back, stop. */
export function DeploymentsPage() {
  const api = useApi()
  const { can } = useSession()
  const list = useResource('deployments', () => api.deploy.list())
  const [dialog, setDialog] = useState<{ deployment?: string }>()
  const action = useAction(list.reload)
  return (
    <main className="deployments">
      <div className="page-header">
        <h1>Deployments</h1>
        <span className="spacer" />
        {can('deploy') && (
          <button type="button" className="button primary" onClick={() => setDialog({})}>
            New deployment…
          </button>
        )}
      </div>
      <ErrorMessage error={list.error} />
      <ErrorMessage error={action.error} />
      {list.data?.length === 0 && <p className="muted">Nothing deployed yet.</p>}
      {list.data?.map((d) => (
        <DeploymentCard
          key={d.name}
          deployment={d}
          canDeploy={can('deploy')}
          onDeploy={() => setDialog({ deployment: d.name })}
          onRollback={(version) => void action.run(() => api.deploy.rollback(d.name, version))}
          onDeactivate={() => void action.run(() => api.deploy.deactivate(d.name))}
        />
      ))}
      {dialog && (
        <DeployDialog
          {...(dialog.deployment === undefined ? {} : { deployment: dialog.deployment })}
          onClose={() => {
            setDialog(undefined)
            list.reload()
          }}
          onDeployed={() => {
            setDialog(undefined)
            list.reload()
          }}
        />
      )}
    </main>
  )
}

function DeploymentCard(props: {
  deployment: DeploymentView
  canDeploy: boolean
  onDeploy(): void
  onRollback(version: number): void
  onDeactivate(): void
}) {
  const d = props.deployment
  const earlier = d.bundles.filter((b) => b.version !== d.active).sort((a, b) => b.version - a.version)
  const active = d.bundles.find((b) => b.version === d.active)
  return (
    <section className="panel deployment" aria-label={`Deployment ${d.name}`}>
      <h2>
        {d.inProject ? (
          <Link to={{ page: 'asset', kind: 'deployment', name: d.name }}>{d.name}</Link>
        ) : (
          d.name
        )}{' '}
        <span className="muted">cluster {d.cluster ?? '—'}</span>
      </h2>
      <p>
        {active ? (
          <>
            Active: <strong>version {active.version}</strong> <code>{active.tag}</code>, made by{' '}
            {active.createdBy} {ago(active.createdAt)}
          </>
        ) : (
          'Not active.'
        )}
      </p>
      {d.placement && (
        <ul className="placement-list">
          {d.placement.workflows.map((w) => (
            <li key={w.workflow} className={w.status}>
              <strong>{w.workflow}</strong>:{' '}
              {w.status === 'placed' ? `on ${w.nodes.join(', ')}` : (w.reason ?? w.status)}
            </li>
          ))}
        </ul>
      )}
      {props.canDeploy && (
        <div className="row">
          <button type="button" className="button primary" onClick={props.onDeploy} disabled={!d.inProject}>
            Deploy…
          </button>
          {earlier.length > 0 && (
            <RollbackControl
              versions={earlier.map((b) => ({ version: b.version, tag: b.tag }))}
              onRollback={props.onRollback}
              label={`Version of ${d.name} to roll back to`}
            />
          )}
          {d.active !== undefined && (
            <button type="button" className="button danger" onClick={props.onDeactivate}>
              Stop everywhere
            </button>
          )}
        </div>
      )}
    </section>
  )
}
