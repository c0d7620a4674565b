import {
  createContext,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import { parseRoute, pathOf, type Route } from './routes.ts'

interface RouterValue {
  route: Route
  /** Goes to a route, asking first when a page has unsaved changes. */
  navigate(route: Route, options?: { replace?: boolean; force?: boolean }): void
  /** A page with unsaved changes registers why leaving would lose them; `undefined` clears it. */
  setLeaveWarning(owner: string, warning: string | undefined): void
}

const RouterContext = createContext<RouterValue | undefined>(undefined)

function current(): Route {
  return parseRoute(window.location.pathname, window.location.search)
}

/** Path-based navigation with the History API; the config server answers every page path with the app. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [route, setRoute] = useState(current)
  const warnings = useRef(new Map<string, string>())

  const confirmLeave = useCallback(() => {
    const [first] = warnings.current.values()
    return first === undefined || window.confirm(`${first}\n\nLeave this page anyway?`)
  }, [])

  useEffect(() => {
    const onPop = () => setRoute(current())
    const onUnload = (event: BeforeUnloadEvent) => {
      if (warnings.current.size > 0) event.preventDefault()
    }
    window.addEventListener('popstate', onPop)
    window.addEventListener('beforeunload', onUnload)
    return () => {
      window.removeEventListener('popstate', onPop)
      window.removeEventListener('beforeunload', onUnload)
    }
  }, [])

  const value = useMemo<RouterValue>(
    () => ({
      route,
      navigate(next, options) {
        if (pathOf(next) === pathOf(route)) return
        if (!options?.force && !confirmLeave()) return
        warnings.current.clear()
        if (options?.replace) window.history.replaceState(null, '', pathOf(next))
        else window.history.pushState(null, '', pathOf(next))
        setRoute(next)
      },
      setLeaveWarning(owner, warning) {
        if (warning === undefined) warnings.current.delete(owner)
        else warnings.current.set(owner, warning)
      },
    }),
    [route, confirmLeave],
  )
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext)
  if (!value) throw new Error('useRouter outside RouterProvider')
  return value
}

/** Warns before leaving the page (in the app or closing the tab) while `warning` is set. */
export function useLeaveWarning(owner: string, warning: string | undefined): void {
  const { setLeaveWarning } = useRouter()
  useEffect(() => {
    setLeaveWarning(owner, warning)
    return () => setLeaveWarning(owner, undefined)
  }, [owner, warning, setLeaveWarning])
}

/** A link to a route: a real `<a href>` (so it opens in a new tab too) that navigates in place. */
export function Link(props: { to: Route; children: ReactNode; className?: string; title?: string }) {
  const { navigate } = useRouter()
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(props.to)
  }
  return (
    <a href={pathOf(props.to)} onClick={onClick} className={props.className} title={props.title}>
      {props.children}
    </a>
  )
}
