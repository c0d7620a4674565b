import type { AssetView } from '@sluice/assets'
import { type FormEvent, useState } from 'react'
import { ApiError } from '../api/http.ts'
import { useProject } from '../app/project.tsx'
import { Link, useRouter } from '../app/router.tsx'
import { routeOfAsset } from '../app/routes.ts'
import { useApi, useSession } from '../app/session.tsx'
import { Dialog } from '../ui/Dialog.tsx'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { copyName } from './asset-groups.ts'

type Action = 'rename' | 'delete' | undefined

/** Duplicate, rename (references follow) and delete (refused while used, showing where). */
export function AssetActions(props: {
  asset: AssetView
  onRenamed?(name: string): void
  onDeleted?(): void
}) {
  const { can } = useSession()
  const api = useApi()
  const project = useProject()
  const { navigate } = useRouter()
  const [action, setAction] = useState<Action>()
  const [error, setError] = useState<unknown>()
  const { asset } = props
  if (!can('assets.write')) return null

  const duplicate = async () => {
    setError(undefined)
    const taken = new Set(project.assets.filter((a) => a.kind === asset.kind).map((a) => a.name))
    try {
      const created = await api.assets.create({
        kind: asset.kind,
        name: copyName(asset.name, taken),
        requiredRoles: asset.requiredRoles,
        spec: asset.spec,
        ...(asset.description === undefined ? {} : { description: asset.description }),
      })
      project.reload()
      navigate(routeOfAsset(created.kind, created.name))
    } catch (failure) {
      setError(failure)
    }
  }

  return (
    <div className="asset-actions">
      <button
        type="button"
        className="button small"
        onClick={() => void duplicate()}
        disabled={asset.kind === 'resource.secret'}
        title={
          asset.kind === 'resource.secret'
            ? 'Secret values cannot be copied; make a new secret resource'
            : `Duplicate ${asset.name}`
        }
      >
        Duplicate
      </button>
      <button type="button" className="button small" onClick={() => setAction('rename')}>
        Rename
      </button>
      <button type="button" className="button small danger" onClick={() => setAction('delete')}>
        Delete
      </button>
      {error !== undefined && <ErrorMessage error={error} />}
      {action === 'rename' && (
        <RenameDialog
          asset={asset}
          onClose={() => setAction(undefined)}
          onRenamed={(name) => {
            setAction(undefined)
            project.reload()
            props.onRenamed?.(name)
          }}
        />
      )}
      {action === 'delete' && (
        <DeleteDialog
          asset={asset}
          onClose={() => setAction(undefined)}
          onDeleted={() => {
            setAction(undefined)
            project.reload()
            props.onDeleted?.()
          }}
        />
      )}
    </div>
  )
}

function RenameDialog(props: { asset: AssetView; onClose(): void; onRenamed(name: string): void }) {
  const api = useApi()
  const [name, setName] = useState(props.asset.name)
  const [error, setError] = useState<unknown>()
  const [updated, setUpdated] = useState<AssetView[]>()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setError(undefined)
    try {
      const result = await api.assets.rename(props.asset.kind, props.asset.name, name, props.asset.version)
      setUpdated(result.updated)
    } catch (failure) {
      setError(failure)
    }
  }
  return (
    <Dialog
      title={`Rename ${props.asset.name}`}
      onClose={updated ? () => props.onRenamed(name) : props.onClose}
    >
      {updated ? (
        <>
          <p>
            Renamed to <strong>{name}</strong>.{' '}
            {updated.length === 0
              ? 'Nothing referred to it.'
              : `References updated in ${updated.length} asset(s):`}
          </p>
          <ul>
            {updated.map((a) => (
              <li key={`${a.kind}/${a.name}`}>
                {a.kind} {a.name}
              </li>
            ))}
          </ul>
          <button type="button" className="button primary" onClick={() => props.onRenamed(name)}>
            Done
          </button>
        </>
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <label>
            New name
            <input
              className="input"
              value={name}
              onChange={(e) => setName(e.target.value)}
              pattern="[A-Za-z0-9][A-Za-z0-9_-]{0,127}"
              required
            />
          </label>
          <p className="field-help">Every asset that refers to it is updated in the same step.</p>
          <ErrorMessage error={error} />
          <button type="submit" className="button primary" disabled={name === props.asset.name}>
            Rename
          </button>
        </form>
      )}
    </Dialog>
  )
}

function DeleteDialog(props: { asset: AssetView; onClose(): void; onDeleted(): void }) {
  const api = useApi()
  const project = useProject()
  const [error, setError] = useState<unknown>()
  const inUse = error instanceof ApiError && error.code === 'asset.in-use' ? error : undefined
  const remove = async () => {
    setError(undefined)
    try {
      await api.assets.remove(props.asset.kind, props.asset.name, props.asset.version)
      props.onDeleted()
    } catch (failure) {
      setError(failure)
    }
  }
  const users = inUse
    ? project.assets.filter((a) => inUse.issues.some((i) => i.message.startsWith(`${a.kind} "${a.name}"`)))
    : []
  return (
    <Dialog title={`Delete ${props.asset.name}?`} onClose={props.onClose}>
      {inUse ? (
        <>
          <p role="alert">It is still used, so it was not deleted. Change these first:</p>
          <ul>
            {users.map((a) => (
              <li key={`${a.kind}/${a.name}`}>
                <Link to={routeOfAsset(a.kind, a.name)}>{`${a.kind} ${a.name}`}</Link>
              </li>
            ))}
          </ul>
          {users.length === 0 && <ErrorMessage error={error} />}
        </>
      ) : (
        <>
          <p>
            The file <code>{props.asset.file}</code> is removed from the project.
          </p>
          <ErrorMessage error={error} />
          <button type="button" className="button danger" onClick={() => void remove()}>
            Delete
          </button>
        </>
      )}
    </Dialog>
  )
}
