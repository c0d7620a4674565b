import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKeyring, fingerprintOf, sealSecret } from '@sluice/secrets'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from './run.ts'

describe('sluice keys generate', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('writes a private key only its owner can read and prints the public key’s fingerprint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-keys-'))
    dirs.push(dir)
    const out = join(dir, 'keys')
    const result = await runCli(['keys', 'generate', '--out', out, '--name', 'eu-prod'])
    expect(result.code).toBe(0)
    const privatePem = await readFile(join(out, 'eu-prod.key'), 'utf8')
    const publicPem = await readFile(join(out, 'eu-prod.pub'), 'utf8')
    expect((await stat(join(out, 'eu-prod.key'))).mode & 0o777).toBe(0o600)
    expect(result.stdout).toBe(`${fingerprintOf(publicPem)}\n`)
    expect(result.stdout + result.stderr).not.toContain('PRIVATE KEY')
    const keyring = createKeyring([privatePem])
    expect(keyring.open(fingerprintOf(publicPem), sealSecret(publicPem, 'hello'))).toBe('hello')
  })

  it('refuses to replace an existing key pair unless forced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-keys-'))
    dirs.push(dir)
    expect((await runCli(['keys', 'generate', '--out', dir])).code).toBe(0)
    const first = await readFile(join(dir, 'cluster.key'), 'utf8')
    const again = await runCli(['keys', 'generate', '--out', dir])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already exists; use --force/)
    expect(await readFile(join(dir, 'cluster.key'), 'utf8')).toBe(first)
    expect((await runCli(['keys', 'generate', '--out', dir, '--force'])).code).toBe(0)
    expect(await readFile(join(dir, 'cluster.key'), 'utf8')).not.toBe(first)
  })

  it('answers usage errors with exit code 2', async () => {
    expect((await runCli(['keys', 'generate'])).code).toBe(2)
    expect((await runCli(['keys', 'rotate', '--out', 'x'])).code).toBe(2)
    expect((await runCli(['keys', 'generate', '--out', 'x', '--name', '../up'])).code).toBe(2)
  })
})
