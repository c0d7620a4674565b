import { type Static, Type } from 'typebox'

/** The roles a user can have, from most to least powerful. */
export const ROLES = ['admin', 'integrator', 'operator', 'viewer'] as const

export const RoleSchema = Type.Union(
  [Type.Literal('admin'), Type.Literal('integrator'), Type.Literal('operator'), Type.Literal('viewer')],
  {
    description:
      'admin: everything, users, keys and clusters; integrator: edit assets and secrets, test, deploy; operator: test, deploy, start and stop workflows, read the audit trail; viewer: read only.',
  },
)
export type Role = Static<typeof RoleSchema>

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

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && ROLES.some((r) => r === value)
}

/** True when `role` may do what `permission` allows. */
export function roleAllows(role: Role, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission]
  return allowed.includes(role)
}

/** True when `role` is at most as powerful as `ceiling` (a token never outranks its user). */
export function roleWithin(role: Role, ceiling: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(ceiling)
}
