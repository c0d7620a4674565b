import { useState } from 'react'

/** Choose an earlier bundle version and make it the active one again. */
export function RollbackControl(props: {
  versions: { version: number; tag: string }[]
  onRollback(version: number): void
  label?: string
}) {
  const [target, setTarget] = useState('')
  return (
    <div className="row">
      <select
        className="input"
        aria-label={props.label ?? 'Version to roll back to'}
        value={target}
        onChange={(e) => setTarget(e.target.value)}
      >
        <option value="">roll back to…</option>
        {props.versions.map((v) => (
          <option key={v.version} value={String(v.version)}>{`version ${v.version} — ${v.tag}`}</option>
        ))}
      </select>
      <button
        type="button"
        className="button"
        disabled={target === ''}
        onClick={() => props.onRollback(Number(target))}
      >
        Roll back
      </button>
    </div>
  )
}
