import type { AssetView } from '@sluice/assets'
import { createContext, type ReactNode, useContext, useMemo } from 'react'
import { useResource } from '../hooks/use-resource.ts'
import { useApi } from './session.tsx'

interface ProjectValue {
  /** Every asset of the project, as last loaded. */
  assets: readonly AssetView[]
  loading: boolean
  error: Error | undefined
  /** Loads the list again, after a write or when someone else may have changed it. */
  reload(): void
  find(kind: string, name: string): AssetView | undefined
}

const ProjectContext = createContext<ProjectValue | undefined>(undefined)

/** The project's assets, loaded once after sign-in and shared by every page. */
export function ProjectProvider({ children }: { children: ReactNode }) {
  const api = useApi()
  const list = useResource('assets', () => api.assets.list())
  const value = useMemo<ProjectValue>(() => {
    const assets = list.data ?? []
    return {
      assets,
      loading: list.loading,
      error: list.error,
      reload: list.reload,
      find: (kind, name) => assets.find((a) => a.kind === kind && a.name === name),
    }
  }, [list.data, list.loading, list.error, list.reload])
  return <ProjectContext.Provider value={value}>{children}</ProjectContext.Provider>
}

export function useProject(): ProjectValue {
  const value = useContext(ProjectContext)
  if (!value) throw new Error('useProject outside ProjectProvider')
  return value
}
