import { isValidName } from '@sluice/assets'
import { useEffect, useState } from 'react'

/** A node's id, applied on Enter or when leaving the field: links and the error sink follow the rename. */
export function NodeIdField(props: {
  id: string
  taken: ReadonlySet<string>
  readOnly: boolean
  onRename(to: string): void
}) {
  const [value, setValue] = useState(props.id)
  useEffect(() => setValue(props.id), [props.id])
  const problem =
    value === props.id
      ? undefined
      : !isValidName(value)
        ? 'Letters, digits, - and _ only.'
        : props.taken.has(value)
          ? 'Another node has this id.'
          : undefined
  const apply = () => {
    if (value !== props.id && problem === undefined) props.onRename(value)
  }
  return (
    <div className={problem ? 'field field-invalid' : 'field'}>
      <label htmlFor="node-id" className="field-label">
        Node id
      </label>
      <input
        id="node-id"
        className="input mono"
        value={value}
        readOnly={props.readOnly}
        aria-invalid={problem !== undefined}
        onChange={(e) => setValue(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply()
          if (e.key === 'Escape') setValue(props.id)
        }}
      />
      {problem && (
        <div className="field-issue" role="alert">
          {problem}
        </div>
      )}
    </div>
  )
}
