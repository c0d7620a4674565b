import { describe, expect, it } from 'vitest'
import { formModelOf } from './form-model.ts'
import { branchValue, getAt, initialObject, selectedBranch, setAt } from './form-values.ts'

describe('form values', () => {
  it('reads and writes nested paths without touching the input', () => {
    const spec = { auth: { mode: 'accessKey' }, list: [{ a: 1 }] }
    const next = setAt(spec, ['auth', 'accessKeyId'], 'AKIA')
    expect(getAt(next, ['auth', 'accessKeyId'])).toBe('AKIA')
    expect(spec.auth).toEqual({ mode: 'accessKey' })
    expect(setAt(spec, ['list', 1, 'a'], 2)).toEqual({ auth: spec.auth, list: [{ a: 1 }, { a: 2 }] })
  })

  it('removes a property or list entry set to undefined', () => {
    expect(setAt({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 })
    expect(setAt({ l: ['x', 'y', 'z'] }, ['l', 1], undefined)).toEqual({ l: ['x', 'z'] })
  })

  it('starts a new asset from the defaults', () => {
    const spec = initialObject(formModelOf('source.sqs').fields)
    expect(spec).toMatchObject({ waitTimeSeconds: 20, bodyFormat: 'raw', onNack: { mode: 'backoff' } })
    expect(spec.connection).toBe('')
  })

  it('keeps shared fields when a union switches branch', () => {
    const auth = formModelOf('connection.aws').fields.find((f) => f.key === 'auth')
    if (auth?.type !== 'union') throw new Error('auth is a union')
    const assume = auth.branches.find((b) => b.value === 'assumeRole')
    const web = auth.branches.find((b) => b.value === 'webIdentity')
    if (!assume || !web) throw new Error('branches exist')
    const before = { mode: 'assumeRole', roleArn: 'arn:aws:iam::123456789012:role/x', externalId: 'e' }
    const after = branchValue('mode', web, before)
    expect(after).toMatchObject({ mode: 'webIdentity', roleArn: before.roleArn, durationSeconds: 3600 })
    expect(after).not.toHaveProperty('externalId')
    expect(selectedBranch(auth, after)?.value).toBe('webIdentity')
    expect(branchValue('mode', assume, undefined)).toMatchObject({
      mode: 'assumeRole',
      source: { mode: 'defaultChain' },
    })
  })
})
