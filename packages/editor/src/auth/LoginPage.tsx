import type { SessionView } from '@sluice/assets'
import type { Api } from '../api/api.ts'
import { LoginForm } from './LoginForm.tsx'

export function LoginPage(props: { api: Api; onSignedIn(session: SessionView): void }) {
  return (
    <main className="login-page">
      <div className="login-card">
        <h1 className="brand">
          <span className="brand-mark" aria-hidden="true">
            ≋
          </span>{' '}
          Sluice
        </h1>
        <p className="muted">Sign in to edit, deploy and operate workflows.</p>
        <LoginForm api={props.api} onSignedIn={props.onSignedIn} />
      </div>
    </main>
  )
}
