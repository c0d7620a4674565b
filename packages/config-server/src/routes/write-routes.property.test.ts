import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { builtinRegistry } from '@sluice/assets'
import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Harness, startHarness } from '../test-support/harness.ts'

const KINDS = builtinRegistry.types.map((t) => t.kind)
const NAMES = [
  'audit-queue',
  'orders-queue',
  'local-aws',
  'demo-secrets',
  'demo',
  'new-one',
  '..',
  '../etc/passwd',
  'a/b',
  '%2e%2e',
  ' ',
  'x'.repeat(200),
]

const kind = fc.oneof(fc.constantFrom(...KINDS, 'sink.ftp', ''), fc.string({ maxLength: 20 }))
const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 40 }))
const spec = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom(
      'connection',
      'queue',
      'values',
      'variables',
      'bucket',
      'nodes',
      'auth',
      'region',
      'keyFingerprint',
    ),
    fc.jsonValue({ maxDepth: 3 }),
  ),
)
const asset = fc.record(
  {
    kind,
    name,
    description: fc.string({ maxLength: 30 }),
    requiredRoles: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
    spec,
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
)
const body = fc.oneof(asset, fc.jsonValue({ maxDepth: 3 }))
const rawText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
)
const yamlText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.array(asset, { maxLength: 3 }).map((docs) => docs.map((d) => `---\n${JSON.stringify(d)}\n`).join('')),
  fc.constantFrom(
    'kind: sink.sqs\nname: [x\n',
    '--- # sluice-file: ../../x.yaml\nkind: resource.environment\nname: x\nspec: {}\n',
    '*alias\n',
  ),
)
const ifMatch = fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.constant('*')), { nil: undefined })

async function projectFiles(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
  const texts = await Promise.all(files.map(async (f) => `${f}\n${await readFile(f, 'utf8')}`))
  return texts.join('\n---\n')
}

describe('random bodies at the write routes', () => {
  let h: Harness
  let before = ''
  const headers = () => h.admin
  const json = () => ({ ...h.admin, 'content-type': 'application/json' })

  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h.close())

  /** Sends a request; never 5xx, and a refused write leaves the files and the index as they were. */
  const check = async (options: InjectOptions) => {
    const response = await h.app.inject(options)
    expect(response.statusCode, response.body).toBeLessThan(500)
    const after = `${await projectFiles(h.projectDir)}\n${h.services.assets.exportYaml()}`
    if (response.statusCode >= 400) expect(after).toBe(before)
    else before = after
    const parsed: unknown = JSON.parse(response.body || '{}')
    if (response.statusCode >= 400)
      expect(parsed).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } })
  }

  it('never answers 5xx and never changes the store when it refuses', async () => {
    before = `${await projectFiles(h.projectDir)}\n${h.services.assets.exportYaml()}`
    const url = (k: string, n: string, rest = '') =>
      `/api/assets/${encodeURIComponent(k)}/${encodeURIComponent(n)}${rest}`
    const current = (k: string, n: string) => {
      const entry = KINDS.includes(k) ? h.services.store.get(k, n) : undefined
      return entry ? `"${entry.version}"` : undefined
    }
    await fc.assert(
      fc.asyncProperty(body, async (payload) =>
        check({ method: 'POST', url: '/api/assets', headers: json(), payload: JSON.stringify(payload) }),
      ),
      { numRuns: 700 },
    )
    await fc.assert(
      fc.asyncProperty(kind, name, body, ifMatch, fc.boolean(), async (k, n, payload, tag, useCurrent) => {
        const version = useCurrent ? current(k, n) : tag
        await check({
          method: 'PUT',
          url: url(k, n),
          headers: { ...json(), ...(version ? { 'if-match': version } : {}) },
          payload: JSON.stringify(payload),
        })
      }),
      { numRuns: 700 },
    )
    await fc.assert(
      fc.asyncProperty(kind, name, ifMatch, name, async (k, n, tag, newName) => {
        await check({
          method: 'POST',
          url: url(k, n, '/rename'),
          headers: { ...headers(), ...(tag ? { 'if-match': tag } : {}) },
          payload: { newName },
        })
        await check({
          method: 'DELETE',
          url: url(k, n),
          headers: { ...headers(), ...(tag ? { 'if-match': tag } : {}) },
        })
      }),
      { numRuns: 300 },
    )
    await fc.assert(
      fc.asyncProperty(
        rawText,
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/yaml',
        ),
        async (text, type) =>
          check({
            method: 'POST',
            url: '/api/assets',
            headers: { ...headers(), 'content-type': type },
            payload: text,
          }),
      ),
      { numRuns: 400 },
    )
    await fc.assert(
      fc.asyncProperty(yamlText, async (text) =>
        check({
          method: 'POST',
          url: '/api/project/import',
          headers: { ...headers(), 'content-type': 'application/yaml' },
          payload: text,
        }),
      ),
      { numRuns: 500 },
    )
    await fc.assert(
      fc.asyncProperty(name, fc.jsonValue({ maxDepth: 2 }), ifMatch, async (n, payload, tag) =>
        check({
          method: 'POST',
          url: `/api/secrets/${encodeURIComponent(n)}/rotate`,
          headers: { ...json(), ...(tag ? { 'if-match': tag } : {}) },
          payload: JSON.stringify({ keyFingerprint: payload }),
        }),
      ),
      { numRuns: 200 },
    )
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 2 }),
        fc.jsonValue({ maxDepth: 2 }),
        fc.jsonValue({ maxDepth: 2 }),
        async (user, token, settings) => {
          await check({ method: 'POST', url: '/api/users', headers: json(), payload: JSON.stringify(user) })
          await check({ method: 'POST', url: '/api/tokens', headers: json(), payload: JSON.stringify(token) })
          await check({
            method: 'PUT',
            url: '/api/settings/events',
            headers: json(),
            payload: JSON.stringify(settings),
          })
        },
      ),
      { numRuns: 200 },
    )
  }, 600_000)
})
