import { isValidName } from '@sluice/assets'
import { ReactFlowProvider, useNodesInitialized, useReactFlow } from '@xyflow/react'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useProject } from '../app/project.tsx'
import { Link, useLeaveWarning, useRouter } from '../app/router.tsx'
import { routeOfAsset } from '../app/routes.ts'
import { useApi, useSession } from '../app/session.tsx'
import { ConflictDialog } from '../assets/ConflictDialog.tsx'
import { ExternalChangeBanner } from '../assets/ExternalChangeBanner.tsx'
import { focusField } from '../forms/focus-field.ts'
import { useMacroNames } from '../hooks/use-macro-names.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { Canvas, type Selection } from './Canvas.tsx'
import { linkId, type WorkflowDraft } from './draft.ts'
import type { PlacedIssue } from './draft-issues.ts'
import { Palette } from './Palette.tsx'
import { DEFAULT_SAMPLE } from './SampleEditor.tsx'
import { useCanvasActions } from './use-canvas-actions.ts'
import { useIssueMap } from './use-issue-map.ts'
import { useWorkflowEditor } from './use-workflow-editor.ts'
import { WorkflowSidebar } from './WorkflowSidebar.tsx'
import { WorkflowToolbar } from './WorkflowToolbar.tsx'

/** The workflow canvas page; `name` undefined makes a new workflow. */
export function WorkflowPage(props: { name?: string }) {
  return (
    <ReactFlowProvider>
      <WorkflowEditor key={props.name ?? ''} {...props} />
    </ReactFlowProvider>
  )
}

const NO_SELECTION: Selection = { nodes: new Set(), edges: new Set() }

function WorkflowEditor({ name }: { name?: string }) {
  const api = useApi()
  const project = useProject()
  const { can } = useSession()
  const { navigate } = useRouter()
  const flow = useReactFlow()
  const editor = useWorkflowEditor(name)
  const macros = useMacroNames()
  const { history } = editor
  const readOnly = !can('assets.write')
  const isNew = name === undefined
  const [chosen, setSelection] = useState<Selection>(NO_SELECTION)
  const selection = useLiveSelection(chosen, history.draft)
  const [sample, setSample] = useState<{ text: string; body: unknown }>(() => ({
    text: DEFAULT_SAMPLE,
    body: JSON.parse(DEFAULT_SAMPLE),
  }))
  const [refused, setRefused] = useState<string>()
  const [nameMissing, setNameMissing] = useState(false)
  const issuesByNode = useIssueMap(editor.issues)
  const invalidLinks = useMemo(
    () => new Set(editor.issues.flatMap((p) => (p.linkId ? [p.linkId] : []))),
    [editor.issues],
  )
  const kinds = useMemo(() => new Map(project.assets.map((a) => [a.name, a.kind])), [project.assets])
  const assetKindOf = useCallback((asset: string) => kinds.get(asset), [kinds])
  useLeaveWarning(
    `workflow:${name ?? 'new'}`,
    editor.dirty && !readOnly ? 'The workflow has unsaved changes.' : undefined,
  )

  const save = async () => {
    if (isNew && !isValidName(editor.meta.name)) {
      setSelection(NO_SELECTION)
      window.setTimeout(() => document.getElementById('asset-name')?.focus(), 0)
      setRefused(undefined)
      setNameMissing(true)
      return
    }
    setNameMissing(false)
    const saved = await editor.save()
    if (saved && isNew) navigate(routeOfAsset('workflow', saved.name), { replace: true, force: true })
  }
  const actions = useCanvasActions({
    history,
    selection,
    setSelection,
    assets: project.assets,
    readOnly,
    save: () => void save(),
  })
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (actions.onKey(event)) event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  useEffect(() => {
    performance.mark('sluice:workflow-open')
  }, [])
  const initialized = useNodesInitialized()
  useEffect(() => {
    if (!initialized || editor.generation === 0) return
    performance.mark('sluice:workflow-ready')
    void flow.fitView({ padding: 0.15, maxZoom: 1 })
  }, [initialized, editor.generation, flow])

  const jump = (issue: PlacedIssue) => {
    const id = issue.nodeId ?? issue.linkId?.split(':')[0]
    const node = history.draft.nodes.find((n) => n.id === id)
    if (issue.nodeId) setSelection({ nodes: new Set([issue.nodeId]), edges: new Set() })
    else if (issue.linkId) setSelection({ nodes: new Set(), edges: new Set([issue.linkId]) })
    if (node) void flow.setCenter(node.position.x + 100, node.position.y + 40, { zoom: 1.1, duration: 250 })
    const field = issue.field ?? []
    if (issue.nodeId && field.length > 0)
      window.setTimeout(() => focusField(`node-${issue.nodeId}`, `/${field.join('/')}`), 50)
  }

  if (editor.loadError)
    return <ErrorMessage error={editor.loadError} title={`Workflow ${name ?? ''} could not be loaded`} />
  const selectedId = selection.nodes.size === 1 ? [...selection.nodes][0] : undefined
  return (
    <main className="workflow-page">
      <div className="page-header compact">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link to={{ page: 'assets' }}>Assets</Link> /{' '}
          <Link to={{ page: 'assets', kind: 'workflow' }}>Workflows</Link> /
        </nav>
        <h1>{isNew ? editor.meta.name || 'New workflow' : name}</h1>
        {refused && (
          <span className="refused" role="status">
            Link refused: {refused}
          </span>
        )}
      </div>
      <ExternalChangeBanner change={editor.external} dirty={editor.dirty} onReload={editor.discard} />
      {nameMissing && (
        <p className="alert alert-error" role="alert">
          Name the workflow first: letters, digits, - and _ (in the panel on the right).
        </p>
      )}
      {editor.saving.error !== undefined && (
        <ErrorMessage error={editor.saving.error} title="Not saved" issuesShownElsewhere />
      )}
      <WorkflowToolbar
        history={history}
        actions={actions}
        readOnly={readOnly}
        dirty={editor.dirty}
        saving={editor.saving.saving}
        isNew={isNew}
        issues={editor.issues.length}
        hasSelection={selection.nodes.size + selection.edges.size > 0}
        onSave={() => void save()}
        onFit={() => void flow.fitView({ padding: 0.15, maxZoom: 1.5, duration: 200 })}
      />
      <div className="workflow-body">
        <Palette onAdd={(item) => actions.add(item)} disabled={readOnly} />
        {editor.loading && !isNew && history.draft.nodes.length === 0 ? (
          <div className="canvas muted">Loading…</div>
        ) : (
          <Canvas
            history={history}
            selection={selection}
            onSelection={setSelection}
            issuesByNode={issuesByNode}
            invalidLinks={invalidLinks}
            assetKindOf={assetKindOf}
            readOnly={readOnly}
            fitOnLoad={!isNew}
            onAdd={actions.add}
            onRefused={setRefused}
          />
        )}
        <WorkflowSidebar
          history={history}
          selectedId={selectedId}
          selectedCount={selection.nodes.size}
          issues={editor.issues}
          issuesByNode={issuesByNode}
          assets={project.assets}
          macroNames={macros.names}
          readOnly={readOnly}
          meta={editor.meta}
          setMeta={editor.setMeta}
          isNew={isNew}
          sample={sample}
          onSample={(text, body) => setSample({ text, body })}
          onSelect={(id) => setSelection(id ? { nodes: new Set([id]), edges: new Set() } : NO_SELECTION)}
          onJump={jump}
          openAsset={(kind, asset) =>
            window.open(`/assets/${encodeURIComponent(kind)}/${encodeURIComponent(asset)}`, '_blank')
          }
          listing={(connection, kind, query) => api.assets.listing(connection, kind, query)}
        />
      </div>
      {editor.saving.conflict && (
        <ConflictDialog
          what={`Workflow “${editor.meta.name}”`}
          onReload={editor.discard}
          onOverwrite={() => void editor.overwrite()}
          onCancel={editor.saving.clearConflict}
        />
      )}
    </main>
  )
}

/** The selection without nodes and links that no longer exist (after an undo or a reload). */
function useLiveSelection(selection: Selection, draft: WorkflowDraft): Selection {
  return useMemo(() => {
    const nodes = new Set(draft.nodes.map((n) => n.id))
    const links = new Set(draft.links.map(linkId))
    const liveNodes = [...selection.nodes].filter((id) => nodes.has(id))
    const liveLinks = [...selection.edges].filter((id) => links.has(id))
    return liveNodes.length === selection.nodes.size && liveLinks.length === selection.edges.size
      ? selection
      : { nodes: new Set(liveNodes), edges: new Set(liveLinks) }
  }, [selection, draft])
}
