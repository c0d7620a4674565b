import type { AssetDocument, AssetView, IssueView } from '@sluice/assets'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useProject } from '../app/project.tsx'
import { useApi } from '../app/session.tsx'
import { documentOf, metadataOf } from '../assets/document.ts'
import type { Metadata } from '../assets/MetadataFields.tsx'
import { type ExternalChange, useExternalChanges } from '../hooks/use-external-changes.ts'
import { useResource } from '../hooks/use-resource.ts'
import { type SaveOutcome, type SaveState, useSave } from '../hooks/use-save.ts'
import { draftFromSpec, specFromDraft, type WorkflowDraft } from './draft.ts'
import type { PlacedIssue } from './draft-issues.ts'
import { placeIssue } from './draft-issues.ts'
import { moveNodes } from './graph-edits.ts'
import { layeredLayout } from './layout.ts'
import { type DraftHistory, useDraftHistory } from './use-draft-history.ts'
import { useDraftIssues } from './use-draft-issues.ts'

export interface WorkflowEditorState {
  loaded: AssetView | undefined
  loading: boolean
  loadError: Error | undefined
  history: DraftHistory
  meta: Metadata
  setMeta(meta: Metadata): void
  document: AssetDocument
  dirty: boolean
  issues: PlacedIssue[]
  saving: SaveState
  external: ExternalChange
  /** Increases each time a version from the server replaces the draft, to fit the view again. */
  generation: number
  save(): Promise<AssetView | undefined>
  overwrite(): Promise<AssetView | undefined>
  discard(): void
}

/** Lays out a draft whose nodes had no positions. */
export function laidOut(draft: WorkflowDraft): WorkflowDraft {
  return moveNodes(
    draft,
    layeredLayout(
      draft.nodes.map((n) => n.id),
      draft.links,
    ),
  )
}

/** The issues of a refused save that the checks in the browser did not find themselves. */
function serverPlaced(
  issues: readonly IssueView[],
  draft: WorkflowDraft,
  local: readonly PlacedIssue[],
): PlacedIssue[] {
  const known = new Set(local.map((p) => `${p.issue.path}|${p.issue.message}`))
  return issues.filter((i) => !known.has(`${i.path}|${i.message}`)).map((i) => placeIssue(i, draft))
}

/**
 * The state of the workflow canvas page: the draft with undo, its metadata, its issues (checked in
 * the browser as it changes, plus what the server refused), saving with If-Match and changes made
 * elsewhere while it is open. `name` undefined: a new workflow.
 */
export function useWorkflowEditor(name: string | undefined): WorkflowEditorState {
  const api = useApi()
  const project = useProject()
  const resource = useResource(`workflow:${name ?? ''}`, () =>
    name === undefined ? Promise.resolve(undefined) : api.assets.get('workflow', name),
  )
  const loaded = resource.data
  const history = useDraftHistory()
  const [meta, setMeta] = useState<Metadata>({ name: '', description: '', requiredRoles: [] })
  const [baseline, setBaseline] = useState<string>()
  const [generation, setGeneration] = useState(0)
  const [refused, setRefused] = useState<{ draft: WorkflowDraft; issues: readonly IssueView[] }>()
  const saving = useSave()
  const external = useExternalChanges('workflow', name, loaded?.version)

  const adopted = useRef<string | undefined>(undefined)
  const adopt = (view: AssetView) => {
    adopted.current = view.version
    const { draft, positioned } = draftFromSpec(view.spec)
    const placed = positioned ? draft : laidOut(draft)
    history.reset(placed)
    const metadata = metadataOf(view)
    setMeta(metadata)
    setBaseline(JSON.stringify(documentOf('workflow', metadata, specFromDraft(placed))))
    setGeneration((g) => g + 1)
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: a newly loaded version replaces the draft, and nothing else does
  useEffect(() => {
    if (loaded && loaded.version !== adopted.current) adopt(loaded)
  }, [loaded?.version])

  const { draft } = history
  const document = useMemo(() => documentOf('workflow', meta, specFromDraft(draft)), [meta, draft])
  const dirty =
    baseline === undefined
      ? name === undefined && draft.nodes.length > 0
      : JSON.stringify(document) !== baseline
  const local = useDraftIssues(draft, meta.name, project.assets)
  const fromServer = refused?.draft === draft ? serverPlaced(refused.issues, draft, local) : []
  const issues = [...local, ...fromServer]

  const finish = (outcome: SaveOutcome, saved: WorkflowDraft) => {
    if ('refused' in outcome) setRefused({ draft: saved, issues: outcome.refused })
    if (!('saved' in outcome)) return undefined
    adopted.current = outcome.saved.version
    resource.setData(outcome.saved)
    project.reload()
    setRefused(undefined)
    setBaseline(JSON.stringify(documentOf('workflow', metadataOf(outcome.saved), specFromDraft(saved))))
    return outcome.saved
  }

  return {
    loaded,
    loading: resource.loading,
    loadError: resource.error,
    history,
    meta,
    setMeta,
    document,
    dirty,
    issues,
    saving,
    external,
    generation,
    save: async () => finish(await saving.save(document, loaded?.version), draft),
    overwrite: async () => finish(await saving.overwrite(document), draft),
    discard: () => {
      saving.clearConflict()
      if (external?.kind === 'changed') {
        resource.setData(external.latest)
        adopt(external.latest)
      } else resource.reload()
    },
  }
}
