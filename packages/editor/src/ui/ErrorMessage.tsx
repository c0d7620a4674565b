import { ApiError } from '../api/http.ts'

/** What went wrong, in words: the server's message, and its issues when it gave some. */
export function ErrorMessage(props: { error: unknown; title?: string; issuesShownElsewhere?: boolean }) {
  const { error } = props
  if (error === undefined || error === null) return null
  const message =
    error instanceof ApiError && error.status === 401 && error.code !== 'auth.invalid-credentials'
      ? 'Your session has expired. Sign in again; your changes are kept.'
      : error instanceof Error
        ? error.message
        : String(error)
  const issues = error instanceof ApiError && !props.issuesShownElsewhere ? error.issues : []
  return (
    <div role="alert" className="alert alert-error">
      {props.title && <strong>{props.title}: </strong>}
      {message}
      {props.issuesShownElsewhere &&
        error instanceof ApiError &&
        error.issues.length > 0 &&
        ' They are marked at their fields.'}
      {issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={`${i.path}|${i.code}|${i.message}`}>
              <code>{i.path || '/'}</code> {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
