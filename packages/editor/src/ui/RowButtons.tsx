/** Move up, move down and remove, for one entry of an ordered list; `label` names the entry. */
export function RowButtons(props: {
  label: string
  index: number
  count: number
  onMove(by: number): void
  onRemove(): void
}) {
  return (
    <span className="row-actions">
      <button
        type="button"
        className="icon-button"
        aria-label={`Move ${props.label} up`}
        disabled={props.index === 0}
        onClick={() => props.onMove(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Move ${props.label} down`}
        disabled={props.index === props.count - 1}
        onClick={() => props.onMove(1)}
      >
        ↓
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Remove ${props.label}`}
        onClick={props.onRemove}
      >
        ×
      </button>
    </span>
  )
}
