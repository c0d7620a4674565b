import type { ReactNode } from 'react'

export interface PlacementRow {
  workflow: string
  /** The roles it needs; the column shows only when some row has them. */
  roles?: readonly string[]
  /** `placed` and its nodes, or why it is not placed. */
  status: string
  nodes: readonly string[]
  unschedulable: boolean
}

/** Where workflows run: one row per workflow, unschedulable ones marked, with optional controls. */
export function PlacementTable(props: {
  rows: readonly PlacementRow[]
  control?(workflow: string): ReactNode
}) {
  const withRoles = props.rows.some((r) => r.roles !== undefined)
  return (
    <table className="placement">
      <thead>
        <tr>
          <th scope="col">Workflow</th>
          {withRoles && <th scope="col">Needs roles</th>}
          <th scope="col">Status</th>
          <th scope="col">Nodes</th>
          {props.control && <th scope="col">Control</th>}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.workflow} className={r.unschedulable ? 'unschedulable' : undefined}>
            <td>{r.workflow}</td>
            {withRoles && <td>{r.roles?.length ? r.roles.join(', ') : 'any node'}</td>}
            <td>{r.status}</td>
            <td>{r.nodes.join(', ') || '—'}</td>
            {props.control && <td className="row">{props.control(r.workflow)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The rows of the server's placement of an active deployment. */
export function placementRows(
  workflows: readonly { workflow: string; status: string; nodes: readonly string[]; reason?: string }[],
): PlacementRow[] {
  return workflows.map((w) => ({
    workflow: w.workflow,
    status: w.status === 'unschedulable' ? (w.reason ?? 'unschedulable') : w.status,
    nodes: w.nodes,
    unschedulable: w.status === 'unschedulable',
  }))
}
