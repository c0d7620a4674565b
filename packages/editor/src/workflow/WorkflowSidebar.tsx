import type { Asset, Listing } from '@sluice/assets'
import { type Metadata, MetadataFields } from '../assets/MetadataFields.tsx'
import type { MacroNames } from '../macros/completion.ts'
import type { PlacedIssue } from './draft-issues.ts'
import { Inspector } from './Inspector.tsx'
import { IssuesPanel } from './IssuesPanel.tsx'
import type { DraftHistory } from './use-draft-history.ts'

/** The right side of the canvas: the selected node's inspector (or the workflow's settings) and the issues. */
export function WorkflowSidebar(props: {
  history: DraftHistory
  selectedId: string | undefined
  selectedCount: number
  issues: readonly PlacedIssue[]
  issuesByNode: ReadonlyMap<string, readonly PlacedIssue[]>
  assets: readonly Asset[]
  macroNames: MacroNames
  readOnly: boolean
  meta: Metadata
  setMeta(meta: Metadata): void
  isNew: boolean
  sample: { text: string; body: unknown }
  onSample(text: string, body: unknown): void
  onSelect(id: string | undefined): void
  onJump(issue: PlacedIssue): void
  openAsset(kind: string, name: string): void
  listing(connection: string, kind: string, query: { bucket?: string }): Promise<Listing>
}) {
  const node = props.history.draft.nodes.find((n) => n.id === props.selectedId)
  return (
    <aside className="sidebar">
      {node ? (
        <Inspector
          key={node.id}
          history={props.history}
          node={node}
          issues={props.issuesByNode.get(node.id) ?? []}
          assets={props.assets}
          macroNames={props.macroNames}
          readOnly={props.readOnly}
          sample={props.sample}
          onSample={props.onSample}
          onRenamed={(_, to) => props.onSelect(to)}
          onDeleted={() => props.onSelect(undefined)}
          openAsset={props.openAsset}
          listing={props.listing}
        />
      ) : (
        <section className="inspector" aria-label="Workflow settings">
          <h2>{props.selectedCount > 1 ? `${props.selectedCount} nodes selected` : 'Workflow'}</h2>
          {props.selectedCount <= 1 && (
            <>
              <p className="muted">Select a node to configure it, or drag steps from the palette.</p>
              <MetadataFields
                value={props.meta}
                onChange={props.setMeta}
                isNew={props.isNew}
                readOnly={props.readOnly}
              />
            </>
          )}
        </section>
      )}
      <IssuesPanel issues={props.issues} onJump={props.onJump} />
    </aside>
  )
}
