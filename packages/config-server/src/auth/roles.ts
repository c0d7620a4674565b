import { ROLES, type Role } from '@sluice/assets'

export { ROLES, type Role }

/**
 * What a route needs. `self` covers a user's own session, password and tokens; `node` the
 * engine node protocol, open only to node tokens.
 */
export const PERMISSIONS = {
  read: ['admin', 'integrator', 'operator', 'viewer'],
  self: ['admin', 'integrator', 'operator', 'viewer'],
  'assets.write': ['admin', 'integrator'],
  'assets.test': ['admin', 'integrator', 'operator'],
  deploy: ['admin', 'integrator', 'operator'],
  operate: ['admin', 'operator'],
  'audit.read': ['admin', 'operator'],
  admin: ['admin'],
  node: [],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

/** True when `role` may do what `permission` allows. */
export function roleAllows(role: Role, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission]
  return allowed.includes(role)
}

/** True when `role` is at most as powerful as `ceiling` (a token never outranks its user). */
export function roleWithin(role: Role, ceiling: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(ceiling)
}
