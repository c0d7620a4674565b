import { useState } from 'react'
import type { DeploymentPlacement, NodeView } from '../api/schemas.ts'
import { useApi, useSession } from '../app/session.tsx'
import { RollbackControl } from '../deploy/RollbackControl.tsx'
import { useResource } from '../hooks/use-resource.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { ago } from '../ui/format.ts'
import { seriesKey } from './live-metrics.ts'
import { useOperations } from './use-operations.ts'
import { WorkflowRow } from './WorkflowRow.tsx'

/**
 * Clusters and their engine nodes (roles, version, last heartbeat, state), each node's running
 * workflows with live counts and rates, and every deployment's placement with its controls.
 */
export function OperationsPage() {
  const ops = useOperations()
  const nodes = ops.snapshot?.nodes ?? []
  const clusters = [...new Set(nodes.map((n) => n.cluster))].sort()
  return (
    <main className="operations">
      <div className="page-header">
        <h1>Operations</h1>
        <span className={ops.live ? 'chip chip-ok' : 'chip chip-error'} role="status">
          {ops.live ? 'live' : 'not live'}
        </span>
        {!ops.live && (
          <button type="button" className="button small" onClick={ops.reconnect}>
            Reconnect
          </button>
        )}
      </div>
      <ErrorMessage error={ops.error} />
      <Placements placements={ops.snapshot?.deployments ?? []} />
      {clusters.length === 0 && ops.snapshot && <p className="muted">No engine node has registered yet.</p>}
      {clusters.map((cluster) => (
        <section key={cluster} className="cluster" aria-label={`Cluster ${cluster}`}>
          <h2>Cluster {cluster}</h2>
          {nodes
            .filter((n) => n.cluster === cluster)
            .map((node) => (
              <NodeCard key={node.nodeId} node={node} series={ops.series} />
            ))}
        </section>
      ))}
    </main>
  )
}

function NodeCard(props: { node: NodeView; series: ReturnType<typeof useOperations>['series'] }) {
  const { node } = props
  return (
    <article className={`panel node node-${node.status}`} aria-label={`Node ${node.nodeId}`}>
      <header className="node-head">
        <strong>{node.nodeId}</strong> <span className="muted">{node.hostname}</span>{' '}
        <span
          className={
            node.status === 'up'
              ? 'chip chip-ok'
              : node.status === 'late'
                ? 'chip chip-warn'
                : 'chip chip-error'
          }
        >
          {node.status}
        </span>{' '}
        <span className="chip">{node.state}</span> <span className="muted">v{node.version}</span>{' '}
        <span className="muted">heartbeat {ago(node.lastSeenAt)}</span>
        <div className="roles">
          {node.roles.length === 0 ? (
            <span className="muted">no roles</span>
          ) : (
            node.roles.map((r) => (
              <span key={r} className="chip">
                {r}
              </span>
            ))
          )}
        </div>
      </header>
      {node.workflows.length === 0 && <p className="muted">Runs no workflow.</p>}
      {node.workflows.map((w) => (
        <WorkflowRow
          key={`${w.deployment}/${w.workflow}`}
          status={w}
          samples={props.series.get(seriesKey(node.nodeId, w)) ?? []}
        />
      ))}
    </article>
  )
}

function Placements(props: { placements: readonly DeploymentPlacement[] }) {
  const api = useApi()
  const { can } = useSession()
  const deployments = useResource(`deployments:${props.placements.map((p) => p.bundle.id).join(',')}`, () =>
    api.deploy.list(),
  )
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState<string>()
  const act = async (key: string, work: () => Promise<unknown>) => {
    setBusy(key)
    setError(undefined)
    try {
      await work()
      deployments.reload()
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(undefined)
    }
  }
  if (props.placements.length === 0) return <p className="muted">No deployment is active.</p>
  return (
    <section className="panel" aria-label="Active deployments">
      <h2>Active deployments</h2>
      <ErrorMessage error={error} />
      {props.placements.map((p) => {
        const view = deployments.data?.find((d) => d.name === p.deployment)
        const earlier = (view?.bundles ?? [])
          .filter((b) => b.version !== p.bundle.version)
          .sort((a, b) => b.version - a.version)
        return (
          <div key={p.deployment} className="placement-block">
            <h3>
              {p.deployment} <span className="muted">version {p.bundle.version}</span>{' '}
              <code>{p.bundle.tag}</code>
            </h3>
            <table className="placement">
              <thead>
                <tr>
                  <th scope="col">Workflow</th>
                  <th scope="col">Status</th>
                  <th scope="col">Nodes</th>
                  {can('operate') && <th scope="col">Control</th>}
                </tr>
              </thead>
              <tbody>
                {p.workflows.map((w) => (
                  <tr key={w.workflow} className={w.status === 'unschedulable' ? 'unschedulable' : undefined}>
                    <td>{w.workflow}</td>
                    <td>{w.status === 'unschedulable' ? (w.reason ?? 'unschedulable') : w.status}</td>
                    <td>{w.nodes.join(', ') || '—'}</td>
                    {can('operate') && (
                      <td className="row">
                        {(['start', 'stop', 'restart'] as const).map((action) => (
                          <button
                            key={action}
                            type="button"
                            className="button small"
                            disabled={
                              busy !== undefined ||
                              (action === 'start' ? w.status !== 'stopped' : w.status === 'stopped')
                            }
                            onClick={() =>
                              void act(`${p.deployment}/${w.workflow}`, () =>
                                api.deploy.control(p.deployment, w.workflow, action),
                              )
                            }
                          >
                            {action}
                          </button>
                        ))}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            {can('deploy') && earlier.length > 0 && (
              <RollbackControl
                versions={earlier.map((b) => ({ version: b.version, tag: b.tag }))}
                onRollback={(v) => void act(p.deployment, () => api.deploy.rollback(p.deployment, v))}
              />
            )}
          </div>
        )
      })}
    </section>
  )
}
