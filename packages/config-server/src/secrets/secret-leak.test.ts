import { randomBytes } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateSecretKeyPair } from '@sluice/secrets'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.ts'
import { type Harness, startHarness } from '../test-support/harness.ts'
import { textAt } from '../test-support/read.ts'

const canary = (label: string) => `canary-${label}-${randomBytes(6).toString('hex')}`
const PLAINTEXTS = {
  created: canary('created'),
  kept: canary('kept'),
  added: canary('added'),
  badShape: canary('bad-shape'),
  bareString: canary('bare-string'),
  asCiphertext: canary('as-ciphertext'),
  malformedJson: canary('malformed-json'),
  password: canary('password'),
  wrongPassword: canary('wrong-password'),
  shortPw: 'cnry-short',
  connection: canary('connection'),
}

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

describe('the secret-leak scan', () => {
  let h: Harness
  const lines: string[] = []
  const responses: string[] = []
  const call = async (options: InjectOptions) => {
    const response = await h.app.inject(options)
    responses.push(`${JSON.stringify(response.headers)}\n${response.body}`)
    return response
  }
  const etag = async (url: string) =>
    (await call({ method: 'GET', url, headers: h.admin })).headers.etag ?? ''
  const putSecret = async (name: string, spec: object) =>
    call({
      method: 'PUT',
      url: `/api/assets/resource.secret/${name}`,
      headers: { ...h.admin, 'if-match': await etag(`/api/assets/resource.secret/${name}`) },
      payload: { spec },
    })

  beforeAll(async () => {
    const logger = createLogger({
      level: 'trace',
      destination: { write: (line: string) => void lines.push(line) },
    })
    h = await startHarness({ logger })
  })
  afterAll(() => h.close())

  it('finds none of the plaintexts used in any response, log line or file written', async () => {
    const created = await call({
      method: 'POST',
      url: '/api/assets',
      headers: h.admin,
      payload: {
        kind: 'resource.secret',
        name: 'leak-secrets',
        spec: { values: { a: { value: PLAINTEXTS.created }, b: { value: PLAINTEXTS.kept } } },
      },
    })
    expect(created.statusCode).toBe(201)
    expect(
      (await putSecret('leak-secrets', { values: { c: { value: PLAINTEXTS.added }, a: null } })).statusCode,
    ).toBe(200)
    expect(
      (await putSecret('leak-secrets', { values: { d: { value: PLAINTEXTS.badShape, extra: 1 } } }))
        .statusCode,
    ).toBe(422)
    expect((await putSecret('leak-secrets', { values: { e: PLAINTEXTS.bareString } })).statusCode).toBe(422)
    expect(
      (await putSecret('leak-secrets', { values: { f: { ciphertext: PLAINTEXTS.asCiphertext } } }))
        .statusCode,
    ).toBe(422)
    const malformed = await call({
      method: 'POST',
      url: '/api/assets',
      headers: { ...h.admin, 'content-type': 'application/json' },
      payload: `{"kind":"resource.secret","name":"x","spec":{"values":{"k":{"value":"${PLAINTEXTS.malformedJson}"}`,
    })
    expect(malformed.statusCode).toBe(400)

    expect(
      (
        await call({
          method: 'POST',
          url: '/api/users',
          headers: h.admin,
          payload: { username: 'leaky', role: 'viewer', password: PLAINTEXTS.password },
        })
      ).statusCode,
    ).toBe(201)
    expect(
      (
        await call({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'leaky', password: PLAINTEXTS.password },
        })
      ).statusCode,
    ).toBe(200)
    expect(
      (
        await call({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'leaky', password: PLAINTEXTS.wrongPassword },
        })
      ).statusCode,
    ).toBe(401)
    expect(
      (
        await call({
          method: 'PATCH',
          url: '/api/users/leaky',
          headers: h.admin,
          payload: { password: PLAINTEXTS.shortPw },
        })
      ).statusCode,
    ).toBe(400)

    const rotated = await call({ method: 'POST', url: '/api/keys/server/rotate', headers: h.admin })
    const newKey = textAt(JSON.parse(rotated.body), 'fingerprint')
    const rotation = await call({
      method: 'POST',
      url: '/api/secrets/leak-secrets/rotate',
      headers: { ...h.admin, 'if-match': await etag('/api/assets/resource.secret/leak-secrets') },
      payload: { keyFingerprint: newKey },
    })
    expect(rotation.statusCode).toBe(200)

    expect(
      (
        await putSecret('demo-secrets', {
          keyFingerprint: newKey,
          values: { 'aws-secret-access-key': { value: PLAINTEXTS.connection } },
        })
      ).statusCode,
    ).toBe(200)
    const test = await call({
      method: 'POST',
      url: '/api/assets/connection.aws/local-aws/test',
      headers: h.admin,
    })
    expect(JSON.parse(test.body)).toMatchObject({ ok: true, location: { on: 'server' } })
    expect(h.gateway.calls.at(-1)?.connection.spec).toMatchObject({
      auth: { secretAccessKey: PLAINTEXTS.connection },
    })
    await call({
      method: 'PUT',
      url: '/api/settings/events',
      headers: h.admin,
      payload: { mode: 'eventbridge', connection: 'local-aws', busName: 'audit' },
    })
    await call({
      method: 'PUT',
      url: '/api/clusters/default',
      headers: h.admin,
      payload: { publicKeyPem: generateSecretKeyPair().publicKeyPem },
    })
    expect(
      (await call({ method: 'POST', url: '/api/deployments/demo/bundles', headers: h.admin })).statusCode,
    ).toBe(201)
    await call({ method: 'GET', url: '/api/deployments/demo/bundles/1', headers: h.admin })
    const exported = await call({ method: 'GET', url: '/api/project/export', headers: h.admin })
    expect(
      (
        await call({
          method: 'POST',
          url: '/api/project/import',
          headers: { ...h.admin, 'content-type': 'application/yaml' },
          payload: exported.body,
        })
      ).statusCode,
    ).toBe(200)
    for (const url of [
      '/api/assets',
      '/api/assets/resource.secret/leak-secrets',
      '/api/assets/resource.secret/leak-secrets/yaml',
      '/api/audit?limit=1000',
      '/api/validation',
    ])
      await call({ method: 'GET', url, headers: h.admin })
    await h.services.audit.flush()
    await h.services.events.flush()
    await h.services.auth.tokens.flushUse()

    const stored = h.services.store.get('resource.secret', 'leak-secrets')?.asset?.spec
    expect(h.services.secrets.open(newKey, textAt(stored, 'values', 'b', 'ciphertext'))).toBe(PLAINTEXTS.kept)
    expect(lines.some((line) => line.includes('/api/assets/resource.secret/leak-secrets'))).toBe(true)

    const files = [...(await filesBelow(h.projectDir)), ...(await filesBelow(h.dataDir))]
    expect(files.some((f) => f.includes('bundles'))).toBe(true)
    const texts = await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })))
    const hits: string[] = []
    for (const plaintext of Object.values(PLAINTEXTS)) {
      for (const response of responses) if (response.includes(plaintext)) hits.push(`response: ${plaintext}`)
      for (const line of lines) if (line.includes(plaintext)) hits.push(`log: ${plaintext}`)
      for (const { file, text } of texts) if (text.includes(plaintext)) hits.push(`${file}: ${plaintext}`)
      for (const batch of h.gateway.events)
        if (JSON.stringify(batch).includes(plaintext)) hits.push(`event: ${plaintext}`)
    }
    expect(hits).toEqual([])
    expect(responses.length).toBeGreaterThan(20)
    expect(files.length).toBeGreaterThan(15)
  })
})
