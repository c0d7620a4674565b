import { type DeploymentView, isValidName } from '@sluice/assets'
import { useState } from 'react'
import { useProject } from '../app/project.tsx'
import { useApi } from '../app/session.tsx'
import { useResource } from '../hooks/use-resource.ts'
import { Dialog } from '../ui/Dialog.tsx'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { DeployPreview } from './DeployPreview.tsx'
import { DeploySelection } from './DeploySelection.tsx'
import { choiceIssues, choiceOf, type DeployChoice } from './deploy-choice.ts'
import { PlacementTable, placementRows } from './PlacementTable.tsx'
import { useDeploy } from './use-deploy.ts'

const STEPS = {
  idle: '',
  saving: 'Saving the deployment…',
  building: 'Compiling the bundle…',
  activating: 'Activating…',
  done: '',
  failed: '',
}

/**
 * The deploy dialog: choose workflows, environments (ordered) and secrets, see placement by role,
 * unschedulable workflows and the IAM policy, then confirm; the server's placement is shown after.
 */
export function DeployDialog(props: { deployment?: string; onClose(): void; onDeployed(): void }) {
  const api = useApi()
  const project = useProject()
  const existing = props.deployment === undefined ? undefined : project.find('deployment', props.deployment)
  const [choice, setChoice] = useState<DeployChoice>(() =>
    existing ? choiceOf(existing.name, existing.spec) : choiceOf('', undefined),
  )
  const clusters = useResource('clusters', () => api.admin.clusters())
  const operations = useResource('operations', () => api.deploy.operations())
  const run = useDeploy()
  const blocked = !isValidName(choice.name) || choiceIssues(choice).length > 0
  const names = project.assets.filter((a) => a.kind === 'deployment').map((a) => a.name)
  return (
    <Dialog
      title={existing ? `Deploy ${existing.name}` : 'Deploy'}
      wide
      onClose={props.onClose}
      footer={
        run.step === 'done' ? (
          <button type="button" className="button primary" onClick={props.onDeployed}>
            Done
          </button>
        ) : (
          <>
            <span className="muted">{STEPS[run.step]}</span>
            <button type="button" className="button" onClick={props.onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button primary"
              disabled={blocked || ['saving', 'building', 'activating'].includes(run.step)}
              onClick={() => void run.deploy(choice)}
            >
              Deploy
            </button>
          </>
        )
      }
    >
      {run.step === 'done' && run.result ? (
        <DeployResult result={run.result} warnings={run.warnings} />
      ) : (
        <div className="deploy-columns">
          <DeploySelection
            choice={choice}
            onChange={setChoice}
            assets={project.assets}
            clusters={clusters.data ?? []}
            existing={names}
            fixedName={existing !== undefined}
          />
          <DeployPreview choice={choice} assets={project.assets} nodes={operations.data?.nodes ?? []} />
        </div>
      )}
      <ErrorMessage error={operations.error} title="Engine nodes unknown" />
      <ErrorMessage error={run.error} title="Not deployed" />
    </Dialog>
  )
}

function DeployResult(props: { result: DeploymentView; warnings: string[] }) {
  const { result } = props
  const active = result.bundles.find((b) => b.version === result.active)
  return (
    <div role="status">
      <p className="ok-text">
        {result.name} version {result.active} is active{active ? ` (tag ${active.tag})` : ''}.
      </p>
      {props.warnings.map((w) => (
        <p key={w} className="warn-text">
          {w}
        </p>
      ))}
      <PlacementTable rows={placementRows(result.placement?.workflows ?? [])} />
    </div>
  )
}
