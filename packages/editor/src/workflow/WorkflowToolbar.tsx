import type { CanvasActions } from './use-canvas-actions.ts'
import type { DraftHistory } from './use-draft-history.ts'

/** Save, undo, redo, layout, copy, paste and delete, each with its shortcut in the tooltip. */
export function WorkflowToolbar(props: {
  history: DraftHistory
  actions: CanvasActions
  readOnly: boolean
  dirty: boolean
  saving: boolean
  isNew: boolean
  issues: number
  hasSelection: boolean
  onSave(): void
  onFit(): void
}) {
  const { history, actions, readOnly } = props
  return (
    <div className="toolbar" role="toolbar" aria-label="Workflow">
      {!readOnly && (
        <button
          type="button"
          className="button primary"
          onClick={props.onSave}
          disabled={props.saving || (!props.dirty && !props.isNew)}
          title="Save (Ctrl+S)"
        >
          {props.saving ? 'Saving…' : props.isNew ? 'Create' : 'Save'}
        </button>
      )}
      <button
        type="button"
        className="button"
        onClick={history.undo}
        disabled={!history.canUndo || readOnly}
        title="Undo (Ctrl+Z)"
      >
        Undo
      </button>
      <button
        type="button"
        className="button"
        onClick={history.redo}
        disabled={!history.canRedo || readOnly}
        title="Redo (Ctrl+Shift+Z)"
      >
        Redo
      </button>
      <span className="separator" />
      <button
        type="button"
        className="button"
        onClick={actions.layout}
        disabled={readOnly}
        title="Arrange the nodes in layers, left to right"
      >
        Auto-layout
      </button>
      <button type="button" className="button" onClick={props.onFit} title="Fit the workflow in view">
        Fit
      </button>
      <span className="separator" />
      <button
        type="button"
        className="button"
        onClick={actions.copy}
        disabled={!props.hasSelection}
        title="Copy (Ctrl+C)"
      >
        Copy
      </button>
      <button
        type="button"
        className="button"
        onClick={() => void actions.paste()}
        disabled={readOnly}
        title="Paste (Ctrl+V)"
      >
        Paste
      </button>
      <button
        type="button"
        className="button"
        onClick={actions.remove}
        disabled={readOnly || !props.hasSelection}
        title="Delete (Delete)"
      >
        Delete
      </button>
      <span className="spacer" />
      {props.dirty && !readOnly && <span className="unsaved">Unsaved changes</span>}
      <span className={props.issues ? 'chip chip-error' : 'chip chip-ok'}>
        {props.issues ? `${props.issues} issue(s)` : 'valid'}
      </span>
    </div>
  )
}
