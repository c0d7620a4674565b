import { isRole, ROLES, type Role } from '@sluice/assets'
import { type FormEvent, useState } from 'react'
import { useApi, useSession } from '../app/session.tsx'
import { useAction } from '../hooks/use-action.ts'
import { useResource } from '../hooks/use-resource.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { ago } from '../ui/format.ts'

/** Users and their roles: add, change role, disable, set a new password, remove. */
export function UsersPage() {
  const api = useApi()
  const { session } = useSession()
  const users = useResource('users', () => api.admin.users())
  const action = useAction(users.reload)
  const act = async (work: () => Promise<unknown>) => {
    await action.run(work)
  }
  return (
    <main className="admin">
      <div className="page-header">
        <h1>Users</h1>
      </div>
      <p className="muted">
        admin: everything; integrator: edit assets and secrets, test, deploy; operator: test, deploy, start
        and stop, read the audit trail; viewer: read only.
      </p>
      <ErrorMessage error={users.error} />
      <ErrorMessage error={action.error} />
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.username}>
              <td>{u.username}</td>
              <td>
                <select
                  className="input"
                  aria-label={`Role of ${u.username}`}
                  value={u.role}
                  onChange={(e) => {
                    const role = e.target.value
                    if (isRole(role)) void act(() => api.admin.updateUser(u.username, { role }))
                  }}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {u.disabled ? (
                  <span className="chip chip-error">disabled</span>
                ) : (
                  <span className="chip chip-ok">active</span>
                )}
              </td>
              <td>{ago(u.createdAt)}</td>
              <td className="row">
                <button
                  type="button"
                  className="button small"
                  disabled={u.username === session.user.username}
                  onClick={() => void act(() => api.admin.updateUser(u.username, { disabled: !u.disabled }))}
                >
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>
                <PasswordReset
                  onSet={(password) => act(() => api.admin.updateUser(u.username, { password }))}
                />
                <button
                  type="button"
                  className="button small danger"
                  disabled={u.username === session.user.username}
                  onClick={() =>
                    window.confirm(`Remove ${u.username}? Their sessions end and tokens are revoked.`) &&
                    void act(() => api.admin.removeUser(u.username))
                  }
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewUser onCreate={(user) => act(() => api.admin.createUser(user))} />
    </main>
  )
}

function PasswordReset(props: { onSet(password: string): Promise<void> }) {
  const [open, setOpen] = useState(false)
  const [password, setPassword] = useState('')
  if (!open)
    return (
      <button type="button" className="button small" onClick={() => setOpen(true)}>
        New password
      </button>
    )
  return (
    <span className="row">
      <input
        className="input"
        type="password"
        autoComplete="new-password"
        aria-label="New password (12 or more characters)"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button
        type="button"
        className="button small"
        disabled={password.length < 12}
        onClick={() =>
          void props.onSet(password).then(() => {
            setPassword('')
            setOpen(false)
          })
        }
      >
        Set
      </button>
    </span>
  )
}

function NewUser(props: {
  onCreate(user: { username: string; role: Role; password: string }): Promise<void>
}) {
  const [username, setUsername] = useState('')
  const [role, setRole] = useState<Role>('viewer')
  const [password, setPassword] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void props.onCreate({ username, role, password }).then(() => {
      setUsername('')
      setPassword('')
    })
  }
  return (
    <form className="group inline-form" onSubmit={submit}>
      <h2>Add a user</h2>
      <label>
        Username
        <input
          className="input"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
          autoComplete="off"
        />
      </label>
      <label>
        Role
        <select
          className="input"
          value={role}
          onChange={(e) => {
            const next = e.target.value
            if (isRole(next)) setRole(next)
          }}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Password
        <input
          className="input"
          type="password"
          autoComplete="new-password"
          minLength={12}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      <button type="submit" className="button primary">
        Add user
      </button>
    </form>
  )
}
