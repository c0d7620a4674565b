import type { AuditEventView } from '@sluice/assets'
import { useState } from 'react'
import { useApi } from '../app/session.tsx'
import { useResource } from '../hooks/use-resource.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'

function show(value: unknown): string {
  return value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value)
}

/** Who changed what and when, newest first, each change with its field-by-field diff. */
export function AuditPage() {
  const api = useApi()
  const [filter, setFilter] = useState({ target: '', actor: '', action: '' })
  const [applied, setApplied] = useState(filter)
  const events = useResource(`audit:${JSON.stringify(applied)}`, () =>
    api.admin.audit({ ...applied, limit: 200 }),
  )
  return (
    <main className="admin">
      <div className="page-header">
        <h1>Audit trail</h1>
      </div>
      <form
        className="row filters"
        onSubmit={(e) => {
          e.preventDefault()
          setApplied(filter)
        }}
      >
        {(['target', 'actor', 'action'] as const).map((key) => (
          <label key={key}>
            {key}
            <input
              className="input"
              value={filter[key]}
              placeholder={key === 'target' ? 'e.g. sink.sqs' : key === 'action' ? 'e.g. asset' : 'user'}
              onChange={(e) => setFilter({ ...filter, [key]: e.target.value })}
            />
          </label>
        ))}
        <button type="submit" className="button">
          Filter
        </button>
      </form>
      <ErrorMessage error={events.error} />
      <ol className="audit">
        {events.data?.map((e) => (
          <AuditEntry key={e.id} event={e} />
        ))}
      </ol>
      {events.data?.length === 0 && <p className="muted">No event matches.</p>}
    </main>
  )
}

function AuditEntry({ event }: { event: AuditEventView }) {
  return (
    <li className="audit-event">
      <div>
        <span className="muted">{new Date(event.at).toLocaleString()}</span>{' '}
        <strong>{event.actor.name}</strong>{' '}
        <span className="muted">
          ({event.actor.type}
          {event.actor.via ? `, ${event.actor.via}` : ''})
        </span>{' '}
        <code>{event.action}</code> {event.target}
      </div>
      {event.diff.length > 0 && (
        <table className="diff">
          <tbody>
            {event.diff.map((d) => (
              <tr key={`${d.path}-${d.op}`} className={`diff-${d.op}`}>
                <td>
                  <code>{d.path}</code>
                </td>
                <td>{d.op}</td>
                <td className="before">{show(d.before)}</td>
                <td aria-hidden="true">→</td>
                <td className="after">{show(d.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {event.details && <div className="muted">{JSON.stringify(event.details)}</div>}
    </li>
  )
}
