import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateSecretKeyPair } from '@sluice/secrets'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Harness, json, startHarness } from '../test-support/harness.ts'
import { textAt } from '../test-support/read.ts'

describe('secret resources over the API', () => {
  let h: Harness
  const file = () => readFile(join(h.projectDir, 'resources/secrets/api-secrets.yaml'), 'utf8')
  const read = () =>
    h.app.inject({ method: 'GET', url: '/api/assets/resource.secret/api-secrets', headers: h.admin })
  const put = async (spec: unknown) => {
    const current = await read()
    return h.app.inject({
      method: 'PUT',
      url: '/api/assets/resource.secret/api-secrets',
      headers: { ...h.admin, 'if-match': current.headers.etag ?? '' },
      payload: { spec },
    })
  }
  const ciphertextOf = async (key: string) =>
    new RegExp(`${key}:\\n\\s+ciphertext: (\\S+)`).exec(await file())?.[1]

  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h.close())

  it('seals values at once to the server key and never returns them', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/assets',
      headers: h.admin,
      payload: {
        kind: 'resource.secret',
        name: 'api-secrets',
        spec: { values: { token: { value: 'tok-plain-1' } } },
      },
    })
    expect(response.statusCode).toBe(201)
    expect(response.body).not.toContain('tok-plain-1')
    const active = h.services.secrets.activeServerKey
    expect(json(response)).toMatchObject({
      spec: { keyFingerprint: active, values: { token: { hasValue: true, fingerprint: active } } },
    })
    const sealed = await ciphertextOf('token')
    expect(sealed).toMatch(/^v1\./)
    expect(await file()).not.toContain('tok-plain-1')
    expect(h.services.secrets.open(active, sealed ?? '')).toBe('tok-plain-1')
  })

  it('keeps a value left out or marked hasValue, adds new ones and removes one set to null', async () => {
    const before = await ciphertextOf('token')
    expect((await put({ values: { other: { value: 'other-plain' } } })).statusCode).toBe(200)
    expect(await ciphertextOf('token')).toBe(before)
    expect((await put({ values: { token: { hasValue: true }, other: null } })).statusCode).toBe(200)
    expect(await ciphertextOf('token')).toBe(before)
    expect(await file()).not.toContain('other:')
  })

  it('refuses hasValue for a value that was never set and a value for an unknown key', async () => {
    const keep = await put({ values: { missing: { hasValue: true } } })
    expect(json(keep)).toMatchObject({
      error: { issues: [{ path: '/spec/values/missing', code: 'secret.no-value' }] },
    })
    const unknown = await put({ keyFingerprint: 'sha256:nobody', values: { token: { value: 'x-plain' } } })
    expect(unknown.statusCode).toBe(422)
    expect(json(unknown)).toMatchObject({ error: { issues: [{ code: 'secret.unknown-key' }] } })
  })

  it('rotates the values to a new server key', async () => {
    const rotated = await h.app.inject({ method: 'POST', url: '/api/keys/server/rotate', headers: h.admin })
    const fingerprint = textAt(json(rotated), 'fingerprint')
    expect(h.services.secrets.activeServerKey).toBe(fingerprint)
    const current = await read()
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/secrets/api-secrets/rotate',
      headers: { ...h.admin, 'if-match': current.headers.etag ?? '' },
      payload: { keyFingerprint: fingerprint },
    })
    expect(response.statusCode).toBe(200)
    expect(json(response)).toMatchObject({
      spec: { keyFingerprint: fingerprint, values: { token: { fingerprint } } },
    })
    expect(h.services.secrets.open(fingerprint, (await ciphertextOf('token')) ?? '')).toBe('tok-plain-1')
  })

  it('seals to a cluster key it cannot open, and then refuses to rotate away from it', async () => {
    const cluster = generateSecretKeyPair()
    const registered = await h.app.inject({
      method: 'PUT',
      url: '/api/clusters/eu-prod',
      headers: h.admin,
      payload: { publicKeyPem: cluster.publicKeyPem },
    })
    expect(json(registered)).toMatchObject({ name: 'eu-prod', fingerprint: cluster.fingerprint })
    expect((await put({ keyFingerprint: cluster.fingerprint })).statusCode).toBe(200)
    expect(json(await read())).toMatchObject({
      spec: { keyFingerprint: cluster.fingerprint, values: { token: { fingerprint: cluster.fingerprint } } },
    })
    const current = await read()
    const refused = await h.app.inject({
      method: 'POST',
      url: '/api/secrets/api-secrets/rotate',
      headers: { ...h.admin, 'if-match': current.headers.etag ?? '' },
      payload: { keyFingerprint: h.services.secrets.activeServerKey },
    })
    expect(refused.statusCode).toBe(409)
    expect(json(refused)).toMatchObject({
      error: { code: 'secret.cannot-open', issues: [{ path: '/spec/values/token' }] },
    })
  })

  it('lists the server and cluster keys without private keys', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/api/keys', headers: h.admin })
    expect(json(response)).toMatchObject({
      keys: [
        { owner: 'server', active: true },
        { owner: 'server', active: false },
        { owner: 'cluster', cluster: 'eu-prod', canDecrypt: false },
      ],
    })
    expect(response.body).not.toContain('PRIVATE KEY')
  })

  it('refuses a cluster key that is not an X25519 public key', async () => {
    const response = await h.app.inject({
      method: 'PUT',
      url: '/api/clusters/bad',
      headers: h.admin,
      payload: { publicKeyPem: 'nope' },
    })
    expect(response.statusCode).toBe(422)
    expect(json(response)).toMatchObject({ error: { code: 'secret.bad-key' } })
  })
})
