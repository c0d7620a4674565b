import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { assignment, FakeServer, testBundle, until } from '../node/test-support.ts'
import { engineCommand } from './engine.ts'
import type { RunIo } from './run-command.ts'

const TOKEN = 'node-token-secret-1234'

function fakeIo(env: Record<string, string> = { SLUICE_TOKEN: TOKEN }) {
  const written: string[] = []
  let handler: ((signal: string) => void) | undefined
  const io: RunIo = {
    stderr: { write: (text: string) => written.push(text), isTTY: false },
    env,
    onSignal: (h) => {
      handler = h
      return () => {
        handler = undefined
      }
    },
    exit: () => {
      throw new Error('unexpected exit')
    },
  }
  return { io, written, signal: (name: string) => handler?.(name) }
}

describe('sluice engine', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-engine-cli-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('answers usage errors with exit code 2, without echoing the token', async () => {
    const usage = async (args: string[], env?: Record<string, string>) =>
      engineCommand(args, fakeIo(env).io, () => new FakeServer())
    expect((await usage([])).code).toBe(2)
    expect((await usage(['--server', 'http://x'], {})).stderr).toContain('SLUICE_TOKEN')
    expect((await usage(['--server', 'ftp://x'])).stderr).toContain('http(s) URL')
    const roles = await usage(['--server', 'http://x', '--roles', 'S3 Bucket', '--data', dir])
    expect(roles.code).toBe(2)
    expect(roles.stderr).toContain('/roles/0')
    expect((await usage(['--server', 'http://x', '--node-id', 'a b', '--data', dir])).stderr).toContain(
      'not a node id',
    )
    expect((await usage(['--server', 'http://x', '--metrics-port', 'x'])).code).toBe(2)
    const help = await usage(['--help'])
    expect(help.stdout).toContain('SLUICE_NODE_KEY')
    for (const result of [roles, help]) expect(result.stderr + result.stdout).not.toContain(TOKEN)
  })

  it('registers with its roles, reports a workflow that cannot start as failed-config once, and drains on SIGTERM', async () => {
    const server = new FakeServer()
    server.bundles.set('d@1', testBundle('d', 1, ['broken']))
    server.desired = { generation: 1, assignments: [assignment('d', 1, 'broken')], tests: [] }
    const seen: string[] = []
    const { io, written, signal } = fakeIo()
    const done = engineCommand(
      [
        '--server',
        'http://127.0.0.1:1',
        '--roles',
        's3, sqs',
        '--cluster',
        'test',
        '--data',
        dir,
        '--node-id',
        'node-x',
      ],
      io,
      (url, token) => {
        seen.push(url, token)
        return server
      },
    )
    await until(
      () => server.heartbeats.filter((b) => b.workflows.length > 0).length >= 3,
      10_000,
      'heartbeats',
    )
    expect(seen).toEqual(['http://127.0.0.1:1', TOKEN])
    expect(server.registrations[0]).toMatchObject({ nodeId: 'node-x', cluster: 'test', roles: ['s3', 'sqs'] })
    const status = server.heartbeats.at(-1)?.workflows[0]
    expect(status).toMatchObject({ deployment: 'd', workflow: 'broken', state: 'failed-config' })
    expect(written.filter((line) => line.includes('started workflow'))).toHaveLength(1)
    signal('SIGTERM')
    const result = await done
    expect(result.code).toBe(0)
    expect(server.heartbeats.at(-1)?.state).toBe('draining')
    expect(written.join('')).not.toContain(TOKEN)
  })

  it('exits 1 with a clear message when the server refuses the token', async () => {
    const server = new FakeServer()
    server.revoked = true
    const { io } = fakeIo()
    const result = await engineCommand(['--server', 'http://127.0.0.1:1', '--data', dir], io, () => server)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('refused this engine node (auth.token-revoked)')
    expect(result.stderr).toContain('node:default')
  })

  it('never lets a workflow or a test read its token through ${env:...}, even when allowed', async () => {
    const server = new FakeServer()
    const connection = {
      kind: 'connection.aws',
      name: 'aws',
      requiredRoles: [],
      spec: {
        region: '${env:SLUICE_TOKEN}',
        auth: { mode: 'none' },
        endpoints: { all: 'http://127.0.0.1:1' },
      },
    }
    server.desired = {
      generation: 1,
      assignments: [],
      tests: [
        { id: 't1', target: { kind: 'connection.aws', name: 'aws' }, assets: [connection], variables: {} },
      ],
    }
    const { io, signal } = fakeIo()
    const done = engineCommand(
      ['--server', 'http://127.0.0.1:1', '--data', dir, '--env-allow', 'SLUICE_*'],
      io,
      () => server,
    )
    await until(() => server.heartbeats.some((b) => b.testResults.length > 0), 10_000, 'the test report')
    signal('SIGTERM')
    expect((await done).code).toBe(0)
    const report = server.heartbeats.find((b) => b.testResults.length > 0)?.testResults[0]?.report
    expect(report?.probes[0]).toMatchObject({ name: 'Resolve the settings', code: 'macro.missing' })
    expect(report?.probes[0]?.message).toContain('SLUICE_TOKEN')
    expect(JSON.stringify(report)).not.toContain(TOKEN)
  })
})
