import { type Permission, roleAllows, type SessionView } from '@sluice/assets'
import { createContext, type ReactNode, useContext } from 'react'
import type { Api } from '../api/api.ts'

interface SessionValue {
  api: Api
  session: SessionView
  can(permission: Permission): boolean
  signOut(): Promise<void>
}

const SessionContext = createContext<SessionValue | undefined>(undefined)

export function SessionProvider(props: {
  api: Api
  session: SessionView
  signOut(): Promise<void>
  children: ReactNode
}) {
  const value: SessionValue = {
    api: props.api,
    session: props.session,
    can: (permission) => roleAllows(props.session.user.role, permission),
    signOut: props.signOut,
  }
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}

export function useApi(): Api {
  return useSession().api
}
