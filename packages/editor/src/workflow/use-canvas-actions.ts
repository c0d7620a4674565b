import type { Asset } from '@sluice/assets'
import { useReactFlow } from '@xyflow/react'
import { useRef } from 'react'
import type { Selection } from './Canvas.tsx'
import { type Clip, copyNodes, parseClip, pasteClip, serializeClip } from './clipboard.ts'
import type { Point } from './draft.ts'
import { addNode, moveNodes, removeElements } from './graph-edits.ts'
import { layeredLayout } from './layout.ts'
import { newNodeProps } from './node-forms.ts'
import type { PaletteItem } from './palette-items.ts'
import type { DraftHistory } from './use-draft-history.ts'

export interface CanvasActions {
  add(item: PaletteItem, at?: Point): void
  layout(): void
  copy(): void
  paste(): Promise<void>
  remove(): void
  selectAll(): void
  /** Handles the editor's shortcuts; answers true when it used the key. */
  onKey(event: KeyboardEvent): boolean
}

function inText(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  )
}

/** The canvas commands: add from the palette, auto-layout, copy, paste, delete, and their shortcuts. */
export function useCanvasActions(options: {
  history: DraftHistory
  selection: Selection
  setSelection(selection: Selection): void
  assets: readonly Asset[]
  readOnly: boolean
  save(): void
}): CanvasActions {
  const { history, selection, setSelection, readOnly } = options
  const flow = useReactFlow()
  const clip = useRef<Clip | undefined>(undefined)
  const pastes = useRef(0)

  const center = (): Point => {
    const pane = document.querySelector('.canvas')?.getBoundingClientRect()
    return pane
      ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
      : { x: 0, y: 0 }
  }
  const actions: CanvasActions = {
    add(item, at) {
      if (readOnly) return
      const { props, idBase } = newNodeProps(item, options.assets)
      const added = addNode(history.draft, { type: item.type, props, position: at ?? center(), idBase })
      history.change(() => added.draft)
      setSelection({ nodes: new Set([added.id]), edges: new Set() })
    },
    layout() {
      history.change((d) =>
        moveNodes(
          d,
          layeredLayout(
            d.nodes.map((n) => n.id),
            d.links,
          ),
        ),
      )
      window.requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 }))
    },
    copy() {
      if (selection.nodes.size === 0) return
      clip.current = copyNodes(history.draft, selection.nodes)
      pastes.current = 0
      void navigator.clipboard?.writeText(serializeClip(clip.current)).catch(() => undefined)
    },
    async paste() {
      if (readOnly) return
      const text = await navigator.clipboard?.readText().catch(() => undefined)
      const content = (text === undefined ? undefined : parseClip(text)) ?? clip.current
      if (!content || content.nodes.length === 0) return
      pastes.current += 1
      const shift = 40 * pastes.current
      const pasted = pasteClip(history.draft, content, { x: shift, y: shift })
      history.change(() => pasted.draft)
      setSelection({ nodes: new Set(pasted.ids), edges: new Set() })
    },
    remove() {
      if (readOnly || (selection.nodes.size === 0 && selection.edges.size === 0)) return
      history.change((d) => removeElements(d, selection.nodes, selection.edges))
      setSelection({ nodes: new Set(), edges: new Set() })
    },
    selectAll() {
      setSelection({ nodes: new Set(history.draft.nodes.map((n) => n.id)), edges: new Set() })
    },
    onKey(event) {
      const mod = event.ctrlKey || event.metaKey
      const key = event.key.toLowerCase()
      if (mod && key === 's') {
        options.save()
        return true
      }
      if (inText(event.target)) return false
      if (mod && key === 'z' && !event.shiftKey) history.undo()
      else if (mod && (key === 'y' || (key === 'z' && event.shiftKey))) history.redo()
      else if (mod && key === 'c') actions.copy()
      else if (mod && key === 'v') void actions.paste()
      else if (mod && key === 'a') actions.selectAll()
      else return false
      return true
    },
  }
  return actions
}
