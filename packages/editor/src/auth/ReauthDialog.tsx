import type { SessionView } from '@sluice/assets'
import type { Api } from '../api/api.ts'
import { Dialog } from '../ui/Dialog.tsx'
import { LoginForm } from './LoginForm.tsx'

/** Shown over the page when the session expires mid-work: sign in again and nothing typed is lost. */
export function ReauthDialog(props: { api: Api; username: string; onSignedIn(session: SessionView): void }) {
  return (
    <Dialog title="Your session has expired">
      <p>Sign in again to continue. Your unsaved changes are still here; save again once you are back.</p>
      <LoginForm api={props.api} username={props.username} onSignedIn={props.onSignedIn} />
    </Dialog>
  )
}
