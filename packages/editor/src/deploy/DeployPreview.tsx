import type { Asset, NodeView } from '@sluice/assets'
import { CopyButton } from './CopyButton.tsx'
import { choiceIssues, type DeployChoice, previewPolicy } from './deploy-choice.ts'
import { PlacementTable } from './PlacementTable.tsx'
import { previewPlacement } from './placement-preview.ts'

/** Before confirming: where each workflow would run (and which cannot), the issues, and the IAM policy. */
export function DeployPreview(props: {
  choice: DeployChoice
  assets: readonly Asset[]
  nodes: readonly NodeView[]
}) {
  const { choice } = props
  const placement = previewPlacement(props.assets, choice.workflows, choice.cluster, props.nodes)
  const issues = choiceIssues(choice)
  const { policy, issues: policyIssues } = previewPolicy(props.assets, choice)
  const policyText = JSON.stringify(policy, null, 2)
  const unschedulable = placement.filter((p) => p.unschedulable)
  return (
    <div className="deploy-preview">
      <section aria-label="Placement">
        <h3>Placement by role</h3>
        {placement.length === 0 && <p className="muted">Choose at least one workflow.</p>}
        {unschedulable.length > 0 && (
          <p className="error-text" role="alert">
            {unschedulable.length} workflow(s) cannot be placed now; they will wait for a node with the roles
            they need.
          </p>
        )}
        <PlacementTable
          rows={placement.map((p) => ({
            workflow: p.workflow,
            roles: p.requiredRoles,
            status:
              p.unschedulable ?? (p.singleton ? 'will run on one node at a time (S3 polling)' : 'will run'),
            nodes: p.nodes,
            unschedulable: p.unschedulable !== undefined,
          }))}
        />
      </section>
      {(issues.length > 0 || policyIssues.length > 0) && (
        <section aria-label="Issues">
          <h3>Issues</h3>
          <ul className="error-text">
            {[...issues, ...policyIssues].map((i) => (
              <li key={`${i.path}|${i.message}`}>
                <code>{i.path || '/'}</code> {i.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label="IAM policy">
        <h3>
          IAM policy <CopyButton text={policyText} label="Copy policy" />
        </h3>
        <p className="muted">The least privilege the engine nodes' identity needs for these workflows.</p>
        <pre className="policy">{policyText}</pre>
      </section>
    </div>
  )
}
