import type { Asset, IssueView, Listing } from '@sluice/assets'
import { useEffect, useRef, useState } from 'react'
import { ObjectFields } from '../forms/FieldEditor.tsx'
import { FormProvider, type FormState } from '../forms/form-context.tsx'
import { type Path, setAt } from '../forms/form-values.ts'
import { SampleContext, type SampleMessage } from '../forms/sample-context.tsx'
import { isObject } from '../forms/schema-read.ts'
import type { MacroNames } from '../macros/completion.ts'
import type { DraftNode } from './draft.ts'
import type { PlacedIssue } from './draft-issues.ts'
import { nodeIds, pruneLinks, removeElements, renameNode, updateNode } from './graph-edits.ts'
import { LinksEditor } from './LinksEditor.tsx'
import { NodeIdField } from './NodeIdField.tsx'
import { nodeFieldsOf } from './node-forms.ts'
import { nodeTitle } from './palette-items.ts'
import { portsOf } from './ports.ts'
import { SampleEditor } from './SampleEditor.tsx'
import { type SampleInput, sampleInput } from './sample-input.ts'
import type { DraftHistory } from './use-draft-history.ts'

export interface InspectorProps {
  history: DraftHistory
  node: DraftNode
  issues: readonly PlacedIssue[]
  assets: readonly Asset[]
  macroNames: MacroNames
  readOnly: boolean
  sample: { text: string; body: unknown }
  onSample(text: string, body: unknown): void
  onRenamed(from: string, to: string): void
  onDeleted(): void
  openAsset(kind: string, name: string): void
  listing(connection: string, kind: string, query: { bucket?: string }): Promise<Listing>
}

const COALESCE_MS = 1500

/**
 * The selected node's settings, in the same generated form as assets: a source or sink picks an
 * existing asset; a processor is configured inline, its JSONata previewed against a sample message.
 * Typing into one field is one undo step.
 */
export function Inspector(props: InspectorProps) {
  const { history, node, readOnly } = props
  const lastEdit = useRef<{ field: string; at: number } | undefined>(undefined)
  const issues = new Map<string, IssueView[]>()
  for (const p of props.issues) {
    const key = `/${(p.field ?? []).join('/')}`
    issues.set(key, [...(issues.get(key) ?? []), p.issue])
  }
  const update = (path: Path, value: unknown) => {
    const field = path.join('/')
    const now = Date.now()
    const coalesce = lastEdit.current?.field === field && now - lastEdit.current.at < COALESCE_MS
    lastEdit.current = { field, at: now }
    const apply = (d: Parameters<Parameters<DraftHistory['change']>[0]>[0]) =>
      pruneLinks(
        updateNode(d, node.id, (n) => {
          const props = setAt(n.props, path, value)
          return { ...n, props: isObject(props) ? props : {} }
        }),
        portsOf,
      )
    if (coalesce) history.adjust(apply)
    else history.change(apply)
  }
  const state: FormState = {
    root: node.props,
    update,
    issues,
    idPrefix: `node-${node.id}`,
    readOnly,
    macroNames: props.macroNames,
    previewIn: undefined,
    assets: props.assets,
    listing: props.listing,
    openAsset: props.openAsset,
  }
  const input = useSampleInput(history.draft, node.id, props.sample.body)
  const sample: SampleMessage | undefined =
    input?.ok === true
      ? {
          body: input.body,
          use: node.type === 'map' ? 'map' : 'condition',
          ...(input.through.length > 0 ? { note: `after ${input.through.join(', ')}` } : {}),
        }
      : undefined
  const general = props.issues.filter((p) => (p.field ?? []).length === 0)
  const taken = nodeIds(history.draft)
  return (
    <section className="inspector" aria-label={`Node ${node.id}`}>
      <h2>
        {nodeTitle(node.type, props.assets.find((a) => a.name === node.props.asset)?.kind)}{' '}
        <code>{node.id}</code>
      </h2>
      {general.map((p) => (
        <p key={p.issue.message} className="field-issue" role="alert">
          {p.issue.message}
        </p>
      ))}
      <NodeIdField
        id={node.id}
        taken={taken}
        readOnly={readOnly}
        onRename={(to) => {
          history.change((d) => renameNode(d, node.id, to))
          props.onRenamed(node.id, to)
        }}
      />
      <FormProvider state={state}>
        <SampleContext.Provider value={sample}>
          <ObjectFields fields={nodeFieldsOf(node.type)} path={[]} />
        </SampleContext.Provider>
      </FormProvider>
      {(node.type === 'map' || node.type === 'filter' || node.type === 'route') && (
        <>
          {input?.ok === false && <p className="warn-text">{input.message}</p>}
          <SampleEditor text={props.sample.text} onChange={props.onSample} />
        </>
      )}
      {node.type === 'sink' && (
        <label className="check">
          <input
            type="checkbox"
            disabled={readOnly}
            checked={history.draft.errorSink === node.id}
            onChange={(e) =>
              history.change((d) => {
                const { errorSink: _, ...rest } = d
                return e.target.checked ? { ...rest, errorSink: node.id } : rest
              })
            }
          />
          Error sink: receives messages that failed permanently
        </label>
      )}
      <LinksEditor
        draft={history.draft}
        node={node}
        readOnly={readOnly}
        onAdd={(port, to) =>
          history.change((d) => ({ ...d, links: [...d.links, { from: node.id, port, to }] }))
        }
        onRemove={(port, to) =>
          history.change((d) => ({
            ...d,
            links: d.links.filter((l) => !(l.from === node.id && l.port === port && l.to === to)),
          }))
        }
      />
      {!readOnly && (
        <button
          type="button"
          className="button danger"
          onClick={() => {
            history.change((d) => removeElements(d, new Set([node.id]), new Set()))
            props.onDeleted()
          }}
        >
          Delete node
        </button>
      )}
    </section>
  )
}

/** The sample message as it reaches the node, recomputed shortly after the workflow or sample changes. */
function useSampleInput(
  draft: DraftHistory['draft'],
  nodeId: string,
  body: unknown,
): SampleInput | undefined {
  const [input, setInput] = useState<SampleInput>()
  useEffect(() => {
    if (body === undefined) {
      setInput(undefined)
      return
    }
    let current = true
    const timer = setTimeout(() => {
      void sampleInput(draft, nodeId, body).then((result) => current && setInput(result))
    }, 120)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [draft, nodeId, body])
  return input
}
