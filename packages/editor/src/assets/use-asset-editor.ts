import type { AssetDocument, AssetView, IssueView } from '@sluice/assets'
import { useEffect, useState } from 'react'
import { useProject } from '../app/project.tsx'
import { useApi } from '../app/session.tsx'
import { formModelOf } from '../forms/form-model.ts'
import { initialObject } from '../forms/form-values.ts'
import { type ExternalChange, useExternalChanges } from '../hooks/use-external-changes.ts'
import { useResource } from '../hooks/use-resource.ts'
import { type SaveOutcome, type SaveState, useSave } from '../hooks/use-save.ts'
import { documentOf, localIssues, mergeIssues, metadataOf, sameDocument, typedIssues } from './document.ts'
import type { Metadata } from './MetadataFields.tsx'

export interface AssetEditorState {
  loaded: AssetView | undefined
  loading: boolean
  loadError: Error | undefined
  meta: Metadata
  setMeta(meta: Metadata): void
  spec: unknown
  setSpec(spec: unknown): void
  document: AssetDocument
  dirty: boolean
  /** What to show at the fields: checks in the browser, the last refused save, the saved version's. */
  issues: IssueView[]
  saving: SaveState
  external: ExternalChange
  /** Saves; answers whether it worked. */
  save(): Promise<AssetView | undefined>
  overwrite(): Promise<AssetView | undefined>
  /** Drops local changes and takes the server's latest version. */
  discard(): void
  /** Reads the asset's state again (its last test) without touching the draft. */
  refresh(): void
}

/** The spec a new asset starts from: its defaults; a Secret resource starts empty, sealed to the server key. */
function initialSpec(kind: string): unknown {
  return kind === 'resource.secret' ? { values: {} } : initialObject(formModelOf(kind).fields)
}

/**
 * The state of an asset form: the draft, whether it differs from the saved version, its issues,
 * saving with If-Match, and changes made elsewhere while it is open. `name` undefined: a new asset.
 */
export function useAssetEditor(kind: string, name: string | undefined): AssetEditorState {
  const api = useApi()
  const project = useProject()
  const resource = useResource(`asset:${kind}/${name ?? ''}`, () =>
    name === undefined ? Promise.resolve(undefined) : api.assets.get(kind, name),
  )
  const loaded = resource.data
  const [meta, setMeta] = useState<Metadata>({ name: '', description: '', requiredRoles: [] })
  const [spec, setSpec] = useState<unknown>(() => (name === undefined ? initialSpec(kind) : {}))
  const [baseline, setBaseline] = useState<AssetDocument>()
  const saving = useSave()
  const external = useExternalChanges(kind, name, loaded?.version)

  const adopt = (view: AssetView) => {
    const metadata = metadataOf(view)
    setMeta(metadata)
    setSpec(view.spec)
    setBaseline(documentOf(kind, metadata, view.spec))
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: a newly loaded version replaces the draft, and nothing else does
  useEffect(() => {
    if (loaded) adopt(loaded)
  }, [loaded?.version])

  const document = documentOf(kind, meta, spec)
  const dirty = baseline === undefined ? name === undefined : !sameDocument(document, baseline)
  const [attempted, setAttempted] = useState(false)
  const local = localIssues(document)
  const issues = mergeIssues(
    name === undefined && !attempted ? typedIssues(document, local) : local,
    saving.issues,
    dirty ? [] : (loaded?.issues ?? []),
  )

  const finish = (outcome: SaveOutcome) => {
    if (!('saved' in outcome)) return undefined
    resource.setData(outcome.saved)
    adopt(outcome.saved)
    project.reload()
    return outcome.saved
  }

  return {
    loaded,
    loading: resource.loading,
    loadError: resource.error,
    meta,
    setMeta,
    spec,
    setSpec,
    document,
    dirty,
    issues,
    saving,
    external,
    save: async () => {
      setAttempted(true)
      return finish(await saving.save(document, loaded?.version))
    },
    overwrite: async () => finish(await saving.overwrite(document)),
    refresh: () => {
      resource.reload()
      project.reload()
    },
    discard: () => {
      saving.clearConflict()
      resource.reload()
      if (external?.kind === 'changed') {
        resource.setData(external.latest)
        adopt(external.latest)
      }
    },
  }
}
