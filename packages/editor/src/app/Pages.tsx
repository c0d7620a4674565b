import { AuditPage } from '../admin/AuditPage.tsx'
import { EnvironmentsPage } from '../admin/EnvironmentsPage.tsx'
import { KeysPage } from '../admin/KeysPage.tsx'
import { SecretsPage } from '../admin/SecretsPage.tsx'
import { TokensPage } from '../admin/TokensPage.tsx'
import { UsersPage } from '../admin/UsersPage.tsx'
import { AssetBrowser } from '../assets/AssetBrowser.tsx'
import { AssetEditor } from '../assets/AssetEditor.tsx'
import { DeploymentsPage } from '../deploy/DeploymentsPage.tsx'
import { OperationsPage } from '../ops/OperationsPage.tsx'
import { WorkflowPage } from '../workflow/WorkflowPage.tsx'
import { Link, useRouter } from './router.tsx'

/** The page of the current route. */
export function Pages() {
  const { route } = useRouter()
  switch (route.page) {
    case 'assets':
      return <AssetBrowser {...(route.kind === undefined ? {} : { kind: route.kind })} />
    case 'asset':
      return <AssetEditor key={`${route.kind}/${route.name}`} kind={route.kind} name={route.name} />
    case 'new-asset':
      return route.kind === 'workflow' ? (
        <WorkflowPage />
      ) : (
        <AssetEditor key={`new:${route.kind}`} kind={route.kind} />
      )
    case 'workflow':
      return <WorkflowPage name={route.name} />
    case 'deployments':
      return <DeploymentsPage />
    case 'operations':
      return <OperationsPage />
    case 'environments':
      return <EnvironmentsPage />
    case 'secrets':
      return <SecretsPage />
    case 'keys':
      return <KeysPage />
    case 'users':
      return <UsersPage />
    case 'tokens':
      return <TokensPage />
    case 'audit':
      return <AuditPage />
    case 'not-found':
      return (
        <main>
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>.{' '}
            <Link to={{ page: 'assets' }}>Back to the assets</Link>
          </p>
        </main>
      )
  }
}
