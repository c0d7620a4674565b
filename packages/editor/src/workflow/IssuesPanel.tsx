import type { PlacedIssue } from './draft-issues.ts'

/** Every issue of the workflow; choosing one selects and shows the node or link it concerns. */
export function IssuesPanel(props: { issues: readonly PlacedIssue[]; onJump(issue: PlacedIssue): void }) {
  const { issues } = props
  return (
    <section className="issues-panel" aria-label="Workflow issues">
      <h2>
        Issues <span className={issues.length ? 'count count-error' : 'count'}>{issues.length}</span>
      </h2>
      {issues.length === 0 ? (
        <p className="ok-text">No issues: the workflow is valid.</p>
      ) : (
        <ul>
          {issues.map((p, i) => (
            <li key={`${p.issue.path}|${p.issue.message}|${String(i)}`}>
              <button type="button" className="link-button issue-link" onClick={() => props.onJump(p)}>
                <strong>{p.nodeId ?? (p.linkId ? 'link' : 'workflow')}</strong>
                {p.linkId ? ` ${p.linkId}` : ''}: {p.issue.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
