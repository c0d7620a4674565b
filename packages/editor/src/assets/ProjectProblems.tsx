import { useProject } from '../app/project.tsx'
import { useApi, useSession } from '../app/session.tsx'
import { useAction } from '../hooks/use-action.ts'
import { useResource } from '../hooks/use-resource.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'

/** Reads the project folder again, e.g. after a `git pull`; the server also watches it. */
export function ReloadFromDisk() {
  const api = useApi()
  const project = useProject()
  const { can } = useSession()
  const reload = useAction(project.reload)
  if (!can('assets.write')) return null
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={reload.busy}
        title="Read the project folder again, e.g. after a git pull"
        onClick={() => void reload.run(() => api.assets.reload())}
      >
        {reload.busy ? 'Reading…' : 'Reload from disk'}
      </button>
      <ErrorMessage error={reload.error} />
    </>
  )
}

/** Files of the project the server could not read as assets (bad YAML, unknown kind): the list cannot show them. */
export function UnreadableFiles() {
  const api = useApi()
  const project = useProject()
  const validation = useResource(`validation:${project.assets.map((a) => a.version).join(',')}`, () =>
    api.assets.validation(),
  )
  const known = new Set(project.assets.map((a) => a.file))
  const unreadable = (validation.data?.issues ?? []).filter((i) => i.file !== undefined && !known.has(i.file))
  if (unreadable.length === 0) return null
  return (
    <section className="alert alert-error" aria-label="Files that could not be read">
      <strong>
        {unreadable.length === 1
          ? 'A file could not be read as an asset:'
          : `${unreadable.length} problems in files that could not be read as assets:`}
      </strong>
      <ul>
        {unreadable.map((i) => (
          <li key={`${i.file ?? ''}|${i.path}|${i.message}`}>
            <code>{i.file}</code> {i.path && <code>{i.path}</code>} {i.message}
          </li>
        ))}
      </ul>
    </section>
  )
}
