import type { Role } from '@sluice/assets'

/**
 * What each role may do, as the config server enforces it (its `PERMISSIONS`): the editor hides or
 * disables what the server would refuse, and the server stays the judge.
 */
export const PERMISSIONS = {
  read: ['admin', 'integrator', 'operator', 'viewer'],
  'assets.write': ['admin', 'integrator'],
  'assets.test': ['admin', 'integrator', 'operator'],
  deploy: ['admin', 'integrator', 'operator'],
  operate: ['admin', 'operator'],
  'audit.read': ['admin', 'operator'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

export function allows(role: Role, permission: Permission): boolean {
  const roles: readonly Role[] = PERMISSIONS[permission]
  return roles.includes(role)
}
