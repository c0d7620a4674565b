import type { Role } from '../api/schemas.ts'

export const ROLES: readonly Role[] = ['admin', 'integrator', 'operator', 'viewer']

export function isRole(value: string): value is Role {
  return ROLES.some((r) => r === value)
}
