import { Dialog } from '../ui/Dialog.tsx'

/**
 * Someone else saved (or the file changed on disk) since this page loaded it. Nothing is overwritten
 * silently: the user reloads theirs (dropping local changes) or overwrites knowingly.
 */
export function ConflictDialog(props: {
  what: string
  detail?: string
  onReload(): void
  onOverwrite(): void
  onCancel(): void
}) {
  return (
    <Dialog
      title="Someone else changed this"
      onClose={props.onCancel}
      footer={
        <>
          <button type="button" className="button" onClick={props.onReload}>
            Reload theirs (drop my changes)
          </button>
          <button type="button" className="button danger" onClick={props.onOverwrite}>
            Overwrite with mine
          </button>
          <button type="button" className="button" onClick={props.onCancel}>
            Keep editing
          </button>
        </>
      }
    >
      <p>
        {props.what} was saved by someone else, or its file was edited on disk, after you opened it. Your
        changes are still here.
      </p>
      {props.detail && <p className="muted">{props.detail}</p>}
      <p>Reload to see their version, or overwrite it with yours if you are sure yours should win.</p>
    </Dialog>
  )
}
