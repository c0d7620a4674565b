import type { NodeView } from '@sluice/assets'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { ago } from '../ui/format.ts'
import { ActivePlacements } from './ActivePlacements.tsx'
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
      <ActivePlacements placements={ops.snapshot?.deployments ?? []} />
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
