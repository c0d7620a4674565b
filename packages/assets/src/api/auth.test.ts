import Value from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { isRole, NewToken, ROLES, Role, roleAllows, roleWithin } from './auth.ts'

describe('roles, permissions and tokens', () => {
  it('lists the roles of the schema from most to least powerful', () => {
    expect(ROLES).toEqual(['admin', 'integrator', 'operator', 'viewer'])
    expect(ROLES.every((role) => Value.Check(Role, role) && isRole(role))).toBe(true)
    expect(isRole('root')).toBe(false)
    expect(isRole(undefined)).toBe(false)
  })

  it('keeps a token at or below the role of its maker', () => {
    expect(roleWithin('viewer', 'operator')).toBe(true)
    expect(roleWithin('operator', 'operator')).toBe(true)
    expect(roleWithin('admin', 'integrator')).toBe(false)
  })

  it('lets viewers read, integrators edit, operators operate and only node tokens speak the node protocol', () => {
    expect(roleAllows('viewer', 'read')).toBe(true)
    expect(roleAllows('viewer', 'assets.write')).toBe(false)
    expect(roleAllows('integrator', 'assets.write')).toBe(true)
    expect(roleAllows('integrator', 'operate')).toBe(false)
    expect(roleAllows('operator', 'operate')).toBe(true)
    expect(roleAllows('operator', 'admin')).toBe(false)
    expect(ROLES.filter((role) => roleAllows(role, 'node'))).toEqual([])
  })

  it('takes API scopes or one node scope per cluster in a new token', () => {
    const token = (scopes: string[]) => Value.Check(NewToken, { name: 'cli', scopes })
    expect(token(['api'])).toBe(true)
    expect(token(['api:read'])).toBe(true)
    expect(token(['node:eu-prod'])).toBe(true)
    expect(token([])).toBe(false)
    expect(token(['node:'])).toBe(false)
    expect(token(['admin'])).toBe(false)
  })
})
