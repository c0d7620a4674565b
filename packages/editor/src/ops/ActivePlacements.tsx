import type { DeploymentPlacement } from '@sluice/assets'
import { useApi, useSession } from '../app/session.tsx'
import { PlacementTable, placementRows } from '../deploy/PlacementTable.tsx'
import { RollbackControl } from '../deploy/RollbackControl.tsx'
import { useAction } from '../hooks/use-action.ts'
import { useResource } from '../hooks/use-resource.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'

const ACTIONS = ['start', 'stop', 'restart'] as const

/** Each active deployment: where its workflows run, start, stop and restart them, roll back to an earlier version. */
export function ActivePlacements(props: { placements: readonly DeploymentPlacement[] }) {
  const api = useApi()
  const { can } = useSession()
  const deployments = useResource(`deployments:${props.placements.map((p) => p.bundle.id).join(',')}`, () =>
    api.deploy.list(),
  )
  const action = useAction(deployments.reload)
  if (props.placements.length === 0) return <p className="muted">No deployment is active.</p>
  return (
    <section className="panel" aria-label="Active deployments">
      <h2>Active deployments</h2>
      <ErrorMessage error={action.error} />
      {props.placements.map((p) => {
        const view = deployments.data?.find((d) => d.name === p.deployment)
        const earlier = (view?.bundles ?? [])
          .filter((b) => b.version !== p.bundle.version)
          .sort((a, b) => b.version - a.version)
        const statusOf = (workflow: string) => p.workflows.find((w) => w.workflow === workflow)?.status
        return (
          <div key={p.deployment} className="placement-block">
            <h3>
              {p.deployment} <span className="muted">version {p.bundle.version}</span>{' '}
              <code>{p.bundle.tag}</code>
            </h3>
            <PlacementTable
              rows={placementRows(p.workflows)}
              {...(can('operate')
                ? {
                    control: (workflow: string) =>
                      ACTIONS.map((name) => (
                        <button
                          key={name}
                          type="button"
                          className="button small"
                          disabled={
                            action.busy ||
                            (name === 'start'
                              ? statusOf(workflow) !== 'stopped'
                              : statusOf(workflow) === 'stopped')
                          }
                          onClick={() =>
                            void action.run(() => api.deploy.control(p.deployment, workflow, name))
                          }
                        >
                          {name}
                        </button>
                      )),
                  }
                : {})}
            />
            {can('deploy') && earlier.length > 0 && (
              <RollbackControl
                versions={earlier.map((b) => ({ version: b.version, tag: b.tag }))}
                onRollback={(v) => void action.run(() => api.deploy.rollback(p.deployment, v))}
              />
            )}
          </div>
        )
      })}
    </section>
  )
}
