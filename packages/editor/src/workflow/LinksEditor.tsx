import { useState } from 'react'
import { connectionProblem } from './connection-rules.ts'
import type { DraftNode, WorkflowDraft } from './draft.ts'
import { portsOf } from './ports.ts'

/**
 * The links leaving a node, as a list a keyboard can edit: remove one, or add one from a port to
 * another node, refused with the reason when the graph rules forbid it.
 */
export function LinksEditor(props: {
  draft: WorkflowDraft
  node: DraftNode
  readOnly: boolean
  onAdd(port: string, to: string): void
  onRemove(port: string, to: string): void
}) {
  const { draft, node } = props
  const ports = portsOf(node)
  const [port, setPort] = useState(ports[0] ?? 'out')
  const [to, setTo] = useState('')
  const outgoing = draft.links.filter((l) => l.from === node.id)
  const problem =
    to === '' ? undefined : connectionProblem(draft, { source: node.id, sourceHandle: port, target: to })
  if (ports.length === 0) return null
  return (
    <section className="links-editor" aria-label={`Links from ${node.id}`}>
      <h3>Links out</h3>
      {outgoing.length === 0 && <p className="muted">Not linked yet: messages would have nowhere to go.</p>}
      <ul>
        {outgoing.map((l) => (
          <li key={`${l.port}->${l.to}`}>
            {l.port === 'out' ? '' : `${l.port} `}→ {l.to}
            {!props.readOnly && (
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove link ${l.port} to ${l.to}`}
                onClick={() => props.onRemove(l.port, l.to)}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!props.readOnly && (
        <div className="row">
          {ports.length > 1 && (
            <select
              className="input"
              aria-label="From port"
              value={port}
              onChange={(e) => setPort(e.target.value)}
            >
              {ports.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
          <select
            className="input"
            aria-label="Link to node"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          >
            <option value="">link to…</option>
            {draft.nodes
              .filter((n) => n.id !== node.id && n.type !== 'source')
              .map((n) => (
                <option key={n.id} value={n.id}>
                  {n.id}
                </option>
              ))}
          </select>
          <button
            type="button"
            className="button small"
            disabled={to === '' || problem !== undefined}
            onClick={() => {
              props.onAdd(port, to)
              setTo('')
            }}
          >
            Link
          </button>
        </div>
      )}
      {problem && (
        <p className="field-issue" role="alert">
          {problem}
        </p>
      )}
    </section>
  )
}
