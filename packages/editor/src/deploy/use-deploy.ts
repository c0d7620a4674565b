import type { DeploymentView } from '@sluice/assets'
import { useState } from 'react'
import { ApiError } from '../api/http.ts'
import { useProject } from '../app/project.tsx'
import { useApi } from '../app/session.tsx'
import { type DeployChoice, specOf } from './deploy-choice.ts'

export type DeployStep = 'idle' | 'saving' | 'building' | 'activating' | 'done' | 'failed'

export interface DeployRun {
  step: DeployStep
  error: unknown
  result: DeploymentView | undefined
  warnings: string[]
  deploy(choice: DeployChoice): Promise<void>
}

/**
 * Confirming a deployment: the deployment asset is saved with the choice, compiled into the next
 * immutable bundle (refused with every issue when an asset is invalid), and that version activated.
 */
export function useDeploy(): DeployRun {
  const api = useApi()
  const project = useProject()
  const [step, setStep] = useState<DeployStep>('idle')
  const [error, setError] = useState<unknown>()
  const [result, setResult] = useState<DeploymentView>()
  const [warnings, setWarnings] = useState<string[]>([])

  const saveAsset = async (choice: DeployChoice) => {
    const document = { kind: 'deployment', name: choice.name, spec: specOf(choice) }
    try {
      const current = await api.assets.get('deployment', choice.name)
      await api.assets.update(
        {
          ...document,
          requiredRoles: current.requiredRoles,
          ...(current.description === undefined ? {} : { description: current.description }),
        },
        current.version,
      )
    } catch (failure) {
      if (!(failure instanceof ApiError && failure.status === 404)) throw failure
      await api.assets.create(document)
    }
  }

  return {
    step,
    error,
    result,
    warnings,
    async deploy(choice) {
      setError(undefined)
      setResult(undefined)
      try {
        setStep('saving')
        await saveAsset(choice)
        project.reload()
        setStep('building')
        const built = await api.deploy.build(choice.name)
        setWarnings(built.warnings)
        setStep('activating')
        setResult(await api.deploy.activate(choice.name, built.bundle.version))
        setStep('done')
      } catch (failure) {
        setError(failure)
        setStep('failed')
      }
    },
  }
}
