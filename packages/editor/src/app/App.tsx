import type { SessionView } from '@sluice/assets'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { Api } from '../api/api.ts'
import { LoginPage } from '../auth/LoginPage.tsx'
import { ReauthDialog } from '../auth/ReauthDialog.tsx'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { Layout } from './Layout.tsx'
import { NetworkBanner } from './NetworkBanner.tsx'
import { Pages } from './Pages.tsx'
import { ProjectProvider } from './project.tsx'
import { RouterProvider } from './router.tsx'
import { SessionProvider } from './session.tsx'

type Start =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; session?: SessionView }

/**
 * The editor: asks the server who is signed in, shows the login page or the app, and when the
 * session expires mid-work shows a sign-in dialog over the page, so nothing typed is lost.
 */
export function App() {
  const [sessionLost, setSessionLost] = useState(false)
  const api = useMemo(() => new Api(() => setSessionLost(true)), [])
  const [start, setStart] = useState<Start>({ state: 'loading' })

  const begin = useCallback(() => {
    setStart({ state: 'loading' })
    api.session().then(
      (session) => setStart(session ? { state: 'ready', session } : { state: 'ready' }),
      (error: unknown) => setStart({ state: 'failed', error }),
    )
  }, [api])
  useEffect(() => begin(), [begin])

  const signOut = useCallback(async () => {
    await api.logout().catch(() => undefined)
    setStart({ state: 'ready' })
  }, [api])

  if (start.state === 'loading') return <main className="splash">Loading Sluice…</main>
  if (start.state === 'failed')
    return (
      <main className="splash">
        <ErrorMessage error={start.error} title="Sluice could not start" />
        <button type="button" className="button primary" onClick={begin}>
          Retry
        </button>
      </main>
    )
  const { session } = start
  if (!session)
    return (
      <>
        <NetworkBanner status={api.status} />
        <LoginPage
          api={api}
          onSignedIn={(next) => {
            setSessionLost(false)
            setStart({ state: 'ready', session: next })
          }}
        />
      </>
    )
  return (
    <SessionProvider api={api} session={session} signOut={signOut}>
      <RouterProvider>
        <ProjectProvider>
          <NetworkBanner status={api.status} />
          <Layout>
            <Pages />
          </Layout>
          {sessionLost && (
            <ReauthDialog
              api={api}
              username={session.user.username}
              onSignedIn={(next) => {
                setSessionLost(false)
                setStart({ state: 'ready', session: next })
              }}
            />
          )}
        </ProjectProvider>
      </RouterProvider>
    </SessionProvider>
  )
}
