import type { SessionView } from '@sluice/assets'
import { type FormEvent, useState } from 'react'
import type { Api } from '../api/api.ts'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'

/** Username and password, signed in over the session API; the password never leaves this form's state. */
export function LoginForm(props: { api: Api; username?: string; onSignedIn(session: SessionView): void }) {
  const [username, setUsername] = useState(props.username ?? '')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const session = await props.api.login(username, password)
      setPassword('')
      props.onSignedIn(session)
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="login-form" onSubmit={(event) => void submit(event)}>
      <label>
        Username
        <input
          className="input"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label>
        Password
        <input
          className="input"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
