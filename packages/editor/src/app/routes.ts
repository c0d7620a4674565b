/** The pages of the editor, addressed by path so the browser's back button and links work. */
export type Route =
  | { page: 'assets'; kind?: string }
  | { page: 'asset'; kind: string; name: string }
  | { page: 'new-asset'; kind: string }
  | { page: 'workflow'; name: string }
  | { page: 'deployments' }
  | { page: 'operations' }
  | { page: 'environments' }
  | { page: 'secrets' }
  | { page: 'keys' }
  | { page: 'users' }
  | { page: 'tokens' }
  | { page: 'audit' }
  | { page: 'not-found'; path: string }

const SIMPLE = [
  'deployments',
  'operations',
  'environments',
  'secrets',
  'keys',
  'users',
  'tokens',
  'audit',
] as const
type SimplePage = (typeof SIMPLE)[number]

function isSimple(page: string): page is SimplePage {
  return SIMPLE.some((p) => p === page)
}

const dec = (s: string | undefined) => (s === undefined ? '' : decodeURIComponent(s))
const enc = encodeURIComponent

/** Reads a location's path and query into a route. */
export function parseRoute(pathname: string, search = ''): Route {
  const parts = pathname.split('/').filter((p) => p !== '')
  const [first = 'assets', second, third] = parts
  if (first === 'assets') {
    if (second === undefined) {
      const kind = new URLSearchParams(search).get('kind')
      return kind ? { page: 'assets', kind } : { page: 'assets' }
    }
    if (second === 'new' && third !== undefined && parts.length === 3)
      return { page: 'new-asset', kind: dec(third) }
    if (third !== undefined && parts.length === 3)
      return { page: 'asset', kind: dec(second), name: dec(third) }
  }
  if (first === 'workflows' && second !== undefined && parts.length === 2)
    return { page: 'workflow', name: dec(second) }
  if (parts.length <= 1 && isSimple(first)) return { page: first }
  return { page: 'not-found', path: pathname }
}

/** The path of a route; `parseRoute(pathOf(r))` gives `r` back. */
export function pathOf(route: Route): string {
  switch (route.page) {
    case 'assets':
      return route.kind === undefined ? '/assets' : `/assets?kind=${enc(route.kind)}`
    case 'asset':
      return `/assets/${enc(route.kind)}/${enc(route.name)}`
    case 'new-asset':
      return `/assets/new/${enc(route.kind)}`
    case 'workflow':
      return `/workflows/${enc(route.name)}`
    case 'not-found':
      return route.path
    default:
      return `/${route.page}`
  }
}

/** Where an asset is edited: workflows on the canvas, everything else in its form. */
export function routeOfAsset(kind: string, name: string): Route {
  return kind === 'workflow' ? { page: 'workflow', name } : { page: 'asset', kind, name }
}
