import type { Permission } from '@sluice/assets'
import type { ReactNode } from 'react'
import { Link, useRouter } from './router.tsx'
import type { Route } from './routes.ts'
import { useSession } from './session.tsx'

interface NavItem {
  label: string
  to: Route
  needs: Permission
  /** Pages that count as this item, for highlighting. */
  pages: readonly Route['page'][]
}

const MAIN: readonly NavItem[] = [
  {
    label: 'Assets',
    to: { page: 'assets' },
    needs: 'read',
    pages: ['assets', 'asset', 'new-asset', 'workflow'],
  },
  { label: 'Deployments', to: { page: 'deployments' }, needs: 'read', pages: ['deployments'] },
  { label: 'Operations', to: { page: 'operations' }, needs: 'read', pages: ['operations'] },
]
const ADMIN: readonly NavItem[] = [
  { label: 'Environments', to: { page: 'environments' }, needs: 'read', pages: ['environments'] },
  { label: 'Secrets', to: { page: 'secrets' }, needs: 'read', pages: ['secrets'] },
  { label: 'Keys', to: { page: 'keys' }, needs: 'read', pages: ['keys'] },
  { label: 'Users', to: { page: 'users' }, needs: 'admin', pages: ['users'] },
  { label: 'Tokens', to: { page: 'tokens' }, needs: 'read', pages: ['tokens'] },
  { label: 'Audit', to: { page: 'audit' }, needs: 'audit.read', pages: ['audit'] },
]

/** The frame of every page: the navigation by role, who is signed in, and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const { session, can, signOut } = useSession()
  const { route } = useRouter()
  const item = (n: NavItem) => (
    <li key={n.label}>
      <Link to={n.to} className={n.pages.includes(route.page) ? 'nav-link active' : 'nav-link'}>
        {n.label}
      </Link>
    </li>
  )
  return (
    <div className="layout">
      <header className="topbar">
        <Link to={{ page: 'assets' }} className="brand">
          <span className="brand-mark" aria-hidden="true">
            ≋
          </span>{' '}
          Sluice
        </Link>
        <nav aria-label="Main">
          <ul className="nav">{MAIN.filter((n) => can(n.needs)).map(item)}</ul>
        </nav>
        <nav aria-label="Administration">
          <ul className="nav nav-admin">{ADMIN.filter((n) => can(n.needs)).map(item)}</ul>
        </nav>
        <div className="user">
          <span title="Signed in">
            {session.user.username}{' '}
            <span className={`role role-${session.user.role}`}>{session.user.role}</span>
          </span>
          <button type="button" className="button small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <div className="page">{children}</div>
    </div>
  )
}
