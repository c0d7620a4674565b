import { useState } from 'react'
import { useProject } from '../app/project.tsx'
import { useApi } from '../app/session.tsx'
import type { MacroNames } from '../macros/completion.ts'
import { useResource } from './use-resource.ts'

const EMPTY: MacroNames = { lay: [], sec: [], build: [] }

export interface MacroNamesState {
  names: MacroNames
  /** The environment `${lay:...}` previews resolve in; `''` for none. */
  environment: string
  environments: string[]
  setEnvironment(name: string): void
  reload(): void
}

/**
 * Names for macro completion and preview: the keys of a chosen environment (with values) and every
 * secret resource's keys (never values). Starts with the first environment of the project.
 */
export function useMacroNames(): MacroNamesState {
  const api = useApi()
  const project = useProject()
  const environments = project.assets
    .filter((a) => a.kind === 'resource.environment')
    .map((a) => a.name)
    .sort()
  const [chosen, setChosen] = useState<string>()
  const environment = chosen ?? environments[0] ?? ''
  const resource = useResource(`macro-names:${environment}:${project.assets.length}`, () =>
    api.assets.macroNames({ environments: environment === '' ? [] : [environment] }),
  )
  return {
    names: resource.data ?? EMPTY,
    environment,
    environments,
    setEnvironment: setChosen,
    reload: resource.reload,
  }
}
