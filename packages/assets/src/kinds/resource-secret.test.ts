import { describe, expect, it } from 'vitest'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'
import { resourceSecret } from './resource-secret.ts'

const fingerprint = 'sha256:9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8'
const codes = (spec: unknown) =>
  validateAsset(builtinRegistry, { kind: 'resource.secret', name: 'prod-secrets', spec }).issues.map((i) => [
    i.path,
    i.code,
  ])

describe('resource.secret', () => {
  it.each([
    ['no values yet', { keyFingerprint: fingerprint }],
    [
      'a hex fingerprint and a value',
      { keyFingerprint: fingerprint, values: { 'db-password': { ciphertext: 'AQHk2v9x_-' } } },
    ],
    ['a base64url fingerprint', { keyFingerprint: 'sha256:OTg3NjU0MzIx_-', values: {} }],
    [
      'dotted ciphertext parts',
      { keyFingerprint: fingerprint, values: { k: { ciphertext: 'aGVhZA.aXY.Y3Q.dGFn' } } },
    ],
    ['padded base64url', { keyFingerprint: fingerprint, values: { k: { ciphertext: 'YQ==' } } }],
    [
      'a value still on the previous key',
      {
        keyFingerprint: fingerprint,
        values: { 'api.key': { ciphertext: 'AQE', fingerprint: 'sha256:abc123' } },
      },
    ],
  ])('accepts %s', (_title, spec) => {
    expect(codes(spec)).toEqual([])
  })

  it.each([
    ['no fingerprint', {}, [['/spec/keyFingerprint', 'schema.required']]],
    ['an MD5 fingerprint', { keyFingerprint: 'md5:ab' }, [['/spec/keyFingerprint', 'schema.pattern']]],
    [
      'a plaintext value',
      { keyFingerprint: fingerprint, values: { password: 'hunter2' } },
      [['/spec/values/password', 'schema.type']],
    ],
    [
      'plaintext with spaces as ciphertext',
      { keyFingerprint: fingerprint, values: { password: { ciphertext: 'my password' } } },
      [['/spec/values/password/ciphertext', 'schema.pattern']],
    ],
    [
      'an empty ciphertext',
      { keyFingerprint: fingerprint, values: { k: { ciphertext: '' } } },
      [['/spec/values/k/ciphertext', 'schema.pattern']],
    ],
    [
      'a value without ciphertext',
      { keyFingerprint: fingerprint, values: { k: { fingerprint } } },
      [['/spec/values/k/ciphertext', 'schema.required']],
    ],
    [
      'a plaintext field beside the ciphertext',
      { keyFingerprint: fingerprint, values: { k: { ciphertext: 'AQE', plaintext: 'x' } } },
      [['/spec/values/k/plaintext', 'schema.unknown-field']],
    ],
    [
      'a key with a slash',
      { keyFingerprint: fingerprint, values: { 'a/b': { ciphertext: 'AQE' } } },
      [['/spec/values/a~1b', 'rule.violation']],
    ],
    [
      'a macro as ciphertext',
      { keyFingerprint: fingerprint, values: { k: { ciphertext: '${env:SECRET}' } } },
      [['/spec/values/k/ciphertext', 'macro.not-allowed']],
    ],
    [
      'a macro fingerprint',
      { keyFingerprint: '${lay:KEY}' },
      [['/spec/keyFingerprint', 'macro.not-allowed']],
    ],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes(spec)).toEqual(expected)
  })

  it('is a resource without IAM needs or ports', () => {
    expect(resourceSecret.category).toBe('resource')
    expect(resourceSecret.iam).toBeUndefined()
    expect(resourceSecret.ports).toBeUndefined()
  })
})
