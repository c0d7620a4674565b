import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunIo, runCommand } from './run-command.ts'

const demo = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'demo')

function quietIo(env: Record<string, string> = {}): RunIo & { written: string[] } {
  const written: string[] = []
  return {
    written,
    stderr: { write: (text: string) => written.push(text), isTTY: false },
    env,
    onSignal: () => () => {},
    exit: () => {
      throw new Error('unexpected exit')
    },
  }
}

describe('sluice run, before anything starts', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-run-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('refuses to start without the key the workflow’s secrets need, naming the secret', async () => {
    const result = await runCommand(
      ['--workflow', 'orders-fanout', '--environment', 'local', demo],
      quietIo(),
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('orders-fanout cannot start:')
    expect(result.stderr).toContain(
      'resource.secret/demo-secrets: /spec/values/aws-secret-access-key: secret.no-key',
    )
  })

  it('refuses a private key that does not read, without echoing it', async () => {
    const result = await runCommand(
      ['--workflow', 'orders-fanout', demo],
      quietIo({ SLUICE_PRIVATE_KEY: 'not a key' }),
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/private key does not read/)
    expect(result.stderr).not.toContain('not a key')
  })

  it('names the workflows a project has when the one asked for is not there', async () => {
    const result = await runCommand(['--workflow', 'nope', demo], quietIo())
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/no workflow "nope" in .*; workflows: .*orders-fanout/)
  })

  it('checks a bundle file against the bundle schema', async () => {
    const file = join(dir, 'bundle.json')
    await writeFile(file, JSON.stringify({ id: 'x' }))
    const result = await runCommand(['--workflow', 'w', file], quietIo())
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/bundle\.json: \/: /)
    await writeFile(file, '{ nope')
    expect((await runCommand(['--workflow', 'w', file], quietIo())).stderr).toMatch(/not a bundle \(JSON\)/)
  })

  it('answers usage errors with exit code 2', async () => {
    expect((await runCommand([demo], quietIo())).code).toBe(2)
    expect((await runCommand(['--workflow', 'w', demo, '--metrics-port', 'x'], quietIo())).code).toBe(2)
    expect((await runCommand(['--workflow', 'w', demo, '--env-allow', 'A B'], quietIo())).code).toBe(2)
    expect((await runCommand(['--workflow', 'w', demo, '--log-level', 'loud'], quietIo())).code).toBe(2)
    expect((await runCommand(['--help'], quietIo())).stdout).toContain('--drain-timeout')
  })
})
