import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react'
import { type DragEvent, useCallback, useMemo, useReducer, useRef } from 'react'
import { connectionProblem } from './connection-rules.ts'
import type { Point } from './draft.ts'
import type { PlacedIssue } from './draft-issues.ts'
import { FlowNodeCache, flowEdges, type StepNode } from './flow-elements.ts'
import { addLink, moveNodes, removeElements } from './graph-edits.ts'
import { decodePaletteItem, PALETTE_MIME, type PaletteItem } from './palette-items.ts'
import { StepNodeView } from './StepNodeView.tsx'
import type { DraftHistory } from './use-draft-history.ts'
import { useRemeasureLost } from './use-remeasure-lost.ts'

const NODE_TYPES = { step: StepNodeView }
/** Half the size of a step node, so a dropped node is centred where it was dropped. */
const NODE_HALF = { x: 100, y: 30 }

export interface Selection {
  nodes: ReadonlySet<string>
  edges: ReadonlySet<string>
}

export interface CanvasProps {
  history: DraftHistory
  selection: Selection
  onSelection(selection: Selection): void
  issuesByNode: ReadonlyMap<string, readonly PlacedIssue[]>
  invalidLinks: ReadonlySet<string>
  assetKindOf(name: string): string | undefined
  readOnly: boolean
  /** Fit the view to the nodes once they are measured (a loaded workflow, not a new one). */
  fitOnLoad: boolean
  onAdd(item: PaletteItem, at: Point): void
  /** Tells why a link was refused, while the user drags it. */
  onRefused(reason: string | undefined): void
}

/**
 * The workflow canvas: nodes and links drawn from the draft, links checked against the graph rules
 * while they are dragged (refused ones never land), palette drops, and a minimap. Every change
 * goes through the draft's history, so it can be undone.
 */
export function Canvas(props: CanvasProps) {
  const { history, selection, onSelection, readOnly } = props
  const { draft } = history
  const flow = useReactFlow()
  const cache = useRef(new FlowNodeCache())
  const dragging = useRef(false)
  const [sizes, remeasured] = useReducer((n: number) => n + 1, 0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new measurement (sizes) changes what measuredOf answers
  const nodes = useMemo(() => {
    const measuredOf = (id: string) => {
      const measured = flow.getInternalNode(id)?.measured
      return measured?.width !== undefined && measured.height !== undefined
        ? { width: measured.width, height: measured.height }
        : undefined
    }
    return cache.current.nodes(draft, selection.nodes, props.issuesByNode, props.assetKindOf, measuredOf)
  }, [draft, selection.nodes, props.issuesByNode, props.assetKindOf, flow, sizes])
  const { noteMeasured } = useRemeasureLost(nodes)
  const edges = useMemo(
    () => flowEdges(draft, selection.edges, props.invalidLinks),
    [draft, selection.edges, props.invalidLinks],
  )

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      let resized = false
      const moved = new Map<string, Point>()
      let moving = false
      let select: Set<string> | undefined
      const removed = new Set<string>()
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions) {
          resized = true
          noteMeasured(c.id)
        } else if (c.type === 'position' && c.position) {
          moved.set(c.id, c.position)
          moving ||= c.dragging === true
        } else if (c.type === 'select') {
          select ??= new Set(selection.nodes)
          if (c.selected) select.add(c.id)
          else select.delete(c.id)
        } else if (c.type === 'remove') removed.add(c.id)
      }
      if (resized) remeasured()
      if (moved.size > 0) {
        const move = (d: Parameters<typeof moveNodes>[0]) => moveNodes(d, moved)
        if (moving && !dragging.current) history.begin()
        if (moving || dragging.current) history.adjust(move)
        else history.change(move)
        dragging.current = moving
      }
      if (select) onSelection({ nodes: select, edges: selection.edges })
      if (removed.size > 0) history.change((d) => removeElements(d, removed, new Set()))
    },
    [history, selection, onSelection, noteMeasured],
  )

  const onEdgesChange = useCallback(
    (changes: EdgeChange<Edge>[]) => {
      let select: Set<string> | undefined
      const removed = new Set<string>()
      for (const c of changes) {
        if (c.type === 'select') {
          select ??= new Set(selection.edges)
          if (c.selected) select.add(c.id)
          else select.delete(c.id)
        } else if (c.type === 'remove') removed.add(c.id)
      }
      if (select) onSelection({ nodes: selection.nodes, edges: select })
      if (removed.size > 0) history.change((d) => removeElements(d, new Set(), removed))
    },
    [history, selection, onSelection],
  )

  const { onRefused } = props
  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      const problem = connectionProblem(draft, c)
      onRefused(problem)
      return problem === undefined
    },
    [draft, onRefused],
  )

  const onConnect = useCallback(
    (c: Connection) => {
      if (connectionProblem(draft, c) !== undefined) return
      history.change((d) => addLink(d, { from: c.source, port: c.sourceHandle ?? 'out', to: c.target }))
      onRefused(undefined)
    },
    [draft, history, onRefused],
  )

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    const item = decodePaletteItem(event.dataTransfer.getData(PALETTE_MIME))
    if (!item || readOnly) return
    const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY })
    props.onAdd(item, { x: at.x - NODE_HALF.x, y: at.y - NODE_HALF.y })
  }

  return (
    <section
      className="canvas"
      aria-label="Workflow canvas"
      onDrop={onDrop}
      onDragOver={(event) => event.preventDefault()}
    >
      <ReactFlow<StepNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={() => onRefused(undefined)}
        isValidConnection={isValidConnection}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        multiSelectionKeyCode="Shift"
        onlyRenderVisibleElements
        zoomOnDoubleClick={false}
        minZoom={0.05}
        fitView={props.fitOnLoad}
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <MiniMap<StepNode>
          pannable
          zoomable
          ariaLabel="Minimap"
          nodeClassName={(n) => `minimap-${String(n.data.node.type)}`}
        />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  )
}
