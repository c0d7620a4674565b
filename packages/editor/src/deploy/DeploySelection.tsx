import type { AssetView, ClusterView } from '@sluice/assets'
import { moveItem } from '../ui/move.ts'
import { RowButtons } from '../ui/RowButtons.tsx'
import type { DeployChoice } from './deploy-choice.ts'

function toggle(list: readonly string[], item: string): string[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item]
}

/** Choosing what to deploy: the deployment, its cluster, workflows, environments in order, secrets and tag. */
export function DeploySelection(props: {
  choice: DeployChoice
  onChange(choice: DeployChoice): void
  assets: readonly AssetView[]
  clusters: readonly ClusterView[]
  existing: readonly string[]
  fixedName: boolean
}) {
  const { choice, onChange, assets } = props
  const of = (kind: string) =>
    assets
      .filter((a) => a.kind === kind)
      .map((a) => a.name)
      .sort()
  const environments = of('resource.environment')
  const clusters = [...new Set(['default', ...props.clusters.map((c) => c.name), choice.cluster])]
  const move = (i: number, by: number) =>
    onChange({ ...choice, environments: moveItem(choice.environments, i, by) })
  return (
    <div className="deploy-selection">
      <label>
        Deployment
        <input
          className="input"
          list="deployment-names"
          value={choice.name}
          readOnly={props.fixedName}
          placeholder="e.g. prod"
          onChange={(e) => onChange({ ...choice, name: e.target.value })}
        />
        <datalist id="deployment-names">
          {props.existing.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </label>
      <label>
        Cluster
        <select
          className="input"
          value={choice.cluster}
          onChange={(e) => onChange({ ...choice, cluster: e.target.value })}
        >
          {clusters.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="group">
        <legend>Workflows</legend>
        {of('workflow').map((w) => (
          <label key={w} className="check">
            <input
              type="checkbox"
              checked={choice.workflows.includes(w)}
              onChange={() => onChange({ ...choice, workflows: toggle(choice.workflows, w) })}
            />
            {w}
          </label>
        ))}
      </fieldset>
      <fieldset className="group">
        <legend>Environments, in order (a later one wins)</legend>
        <ol className="ordered">
          {choice.environments.map((e, i) => (
            <li key={e}>
              {e}
              <RowButtons
                label={e}
                index={i}
                count={choice.environments.length}
                onMove={(by) => move(i, by)}
                onRemove={() => onChange({ ...choice, environments: toggle(choice.environments, e) })}
              />
            </li>
          ))}
        </ol>
        <select
          className="input"
          aria-label="Add an environment"
          value=""
          onChange={(e) =>
            e.target.value && onChange({ ...choice, environments: [...choice.environments, e.target.value] })
          }
        >
          <option value="">add an environment…</option>
          {environments
            .filter((e) => !choice.environments.includes(e))
            .map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
        </select>
      </fieldset>
      <fieldset className="group">
        <legend>Secrets</legend>
        {of('resource.secret').map((s) => (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={choice.secrets.includes(s)}
              onChange={() => onChange({ ...choice, secrets: toggle(choice.secrets, s) })}
            />
            {s}
          </label>
        ))}
        {of('resource.secret').length === 0 && <p className="muted">No secret resources in the project.</p>}
      </fieldset>
      <label>
        Tag
        <input
          className="input mono"
          value={choice.tag}
          onChange={(e) => onChange({ ...choice, tag: e.target.value })}
        />
      </label>
    </div>
  )
}
