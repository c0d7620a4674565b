import { type ReactNode, useEffect, useId, useRef } from 'react'

/**
 * A modal dialog on the native `<dialog>` element: focus moves into it and stays there, Escape
 * closes it (unless `onClose` is absent), and it is labelled by its title for screen readers.
 */
export function Dialog(props: {
  title: string
  children: ReactNode
  onClose?: () => void
  wide?: boolean
  footer?: ReactNode
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const { onClose } = props
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className={props.wide ? 'dialog dialog-wide' : 'dialog'}
      onCancel={(event) => {
        event.preventDefault()
        onClose?.()
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{props.title}</h2>
        {onClose && (
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        )}
      </header>
      <div className="dialog-body">{props.children}</div>
      {props.footer && <footer className="dialog-footer">{props.footer}</footer>}
    </dialog>
  )
}
