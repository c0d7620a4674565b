import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { builtinRegistry, parseAssetYaml } from '@sluice/assets'
import { createKeyring, generateSecretKeyPair } from '@sluice/secrets'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isRecord } from '../runtime/expression/semantics.ts'
import type { SecretInput } from './read-values.ts'
import { secretsCommand } from './secrets-command.ts'

const demoKeys = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'demo-keys')
const demoSecret = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'examples',
  'demo',
  'resources',
  'secrets',
  'demo-secrets.yaml',
)

const piped = (text: string): SecretInput => ({
  interactive: false,
  readAll: async () => text,
  prompt: async () => {
    throw new Error('not a terminal')
  },
})

function typed(answers: string[]): SecretInput & { questions: string[] } {
  const questions: string[] = []
  return {
    interactive: true,
    questions,
    readAll: async () => {
      throw new Error('a terminal is not read whole')
    },
    prompt: async (question) => {
      questions.push(question)
      return answers.shift() ?? ''
    },
  }
}

async function openValues(file: string, privateKeyPem: string): Promise<Record<string, string>> {
  const { asset } = parseAssetYaml(builtinRegistry, await readFile(file, 'utf8'), file)
  const spec = asset?.spec
  if (!isRecord(spec) || !isRecord(spec.values) || typeof spec.keyFingerprint !== 'string')
    throw new Error('not a secret')
  const keyring = createKeyring([privateKeyPem])
  const opened: Record<string, string> = {}
  for (const [key, value] of Object.entries(spec.values)) {
    if (!isRecord(value) || typeof value.ciphertext !== 'string') continue
    const fingerprint = typeof value.fingerprint === 'string' ? value.fingerprint : spec.keyFingerprint
    if (keyring.has(fingerprint)) opened[key] = keyring.open(fingerprint, value.ciphertext)
  }
  return opened
}

describe('sluice secrets encrypt', () => {
  let dir: string
  const pair = generateSecretKeyPair()
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-secrets-'))
    await writeFile(join(dir, 'cluster.pub'), pair.publicKeyPem)
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('creates a secret resource from piped values and never prints them', async () => {
    const result = await secretsCommand(
      [
        'encrypt',
        '--key',
        join(dir, 'cluster.pub'),
        '--name',
        'prod',
        '--project',
        dir,
        'db-password',
        'api.token',
      ],
      piped('hunter2\ns3cr3t-token\n'),
    )
    expect(result.code).toBe(0)
    const file = join(dir, 'resources', 'secrets', 'prod.yaml')
    expect(result.stderr).toBe(`sealed db-password, api.token into ${file} for key ${pair.fingerprint}\n`)
    const text = await readFile(file, 'utf8')
    expect(text).not.toMatch(/hunter2|s3cr3t/)
    expect(text).toContain(`keyFingerprint: ${pair.fingerprint}`)
    expect(await openValues(file, pair.privateKeyPem)).toEqual({
      'db-password': 'hunter2',
      'api.token': 's3cr3t-token',
    })
  })

  it('updates an existing file in place, keeping its comments and other values', async () => {
    const file = join(dir, 'demo-secrets.yaml')
    await cp(demoSecret, file)
    await writeFile(file, `# kept comment\n${await readFile(file, 'utf8')}`)
    const demoPub = join(demoKeys, 'demo-cluster.pub')
    const input = typed(['https://hooks.example/x'])
    const result = await secretsCommand(
      ['encrypt', '--key', demoPub, '--name', 'demo-secrets', '--file', file, 'webhook'],
      input,
    )
    expect(result.code).toBe(0)
    expect(input.questions).toEqual(['value for webhook: '])
    const text = await readFile(file, 'utf8')
    expect(text.startsWith('# kept comment\n')).toBe(true)
    expect(text).toContain('Sealed to the demo cluster key')
    const demoKey = await readFile(join(demoKeys, 'demo-cluster.key'), 'utf8')
    expect(await openValues(file, demoKey)).toEqual({
      'aws-secret-access-key': 'test',
      webhook: 'https://hooks.example/x',
    })
  })

  it('records the key of values sealed to another key than the resource’s', async () => {
    const file = join(dir, 'rotating.yaml')
    await cp(demoSecret, file)
    const result = await secretsCommand(
      [
        'encrypt',
        '--key',
        join(dir, 'cluster.pub'),
        '--name',
        'demo-secrets',
        '--file',
        file,
        'aws-secret-access-key',
      ],
      piped('rotated'),
    )
    expect(result.code).toBe(0)
    expect(await readFile(file, 'utf8')).toContain(`fingerprint: ${pair.fingerprint}`)
    expect(await openValues(file, pair.privateKeyPem)).toEqual({ 'aws-secret-access-key': 'rotated' })
  })

  it('refuses a file that holds another asset, a bad key name and missing values', async () => {
    const other = join(dir, 'other.yaml')
    await writeFile(other, 'kind: resource.environment\nname: other\nspec: {}\n')
    const pub = join(dir, 'cluster.pub')
    expect(
      (await secretsCommand(['encrypt', '--key', pub, '--name', 'other', '--file', other, 'k'], piped('v')))
        .code,
    ).toBe(1)
    expect(
      (await secretsCommand(['encrypt', '--key', pub, '--name', 'x', '--project', dir, '../k'], piped('v')))
        .code,
    ).toBe(2)
    const short = await secretsCommand(
      ['encrypt', '--key', pub, '--name', 'x', '--project', dir, 'a', 'b'],
      piped('only-one\n'),
    )
    expect(short.code).toBe(1)
    expect(short.stderr).toMatch(/one value per line/)
    expect(short.stderr).not.toContain('only-one')
    expect((await secretsCommand(['encrypt', '--name', 'x', 'a'], piped('v'))).code).toBe(2)
  })
})
