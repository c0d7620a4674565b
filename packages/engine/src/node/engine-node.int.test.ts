import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProbeReport } from '@sluice/assets'
import { type LocalAws, startLocalAws } from '@sluice/aws-local'
import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engineCommand } from '../cli/engine.ts'
import type { RunIo } from '../cli/run-command.ts'
import { type Child, Children, waitFor } from '../system/children.ts'
import { AdminApi, reported, startConfigServer } from '../system/config-server.ts'
import { DEMO_KEY, DEMO_PUBLIC_KEY, DemoTraffic, prepareDemoProject } from '../system/demo-project.ts'

const PASSWORD = 'node-int-admin-password'

/** An engine node in this process, with its log and a way to send it SIGTERM. */
function inProcessNode(args: string[], token: string) {
  const written: string[] = []
  let handler: ((signal: string) => void) | undefined
  const io: RunIo = {
    stderr: { write: (text: string) => written.push(text), isTTY: false },
    env: { SLUICE_TOKEN: token },
    onSignal: (h) => {
      handler = h
      return () => {
        handler = undefined
      }
    },
    exit: () => {
      throw new Error('a second signal was not expected')
    },
  }
  const result = engineCommand(args, io)
  return { result, log: () => written.join(''), sigterm: () => handler?.('SIGTERM') }
}

describe('an engine node against the real config server', () => {
  const children = new Children()
  let aws: LocalAws
  let traffic: DemoTraffic
  let dir: string
  let admin: AdminApi
  let server: Child
  let url: string

  const startServer = async (port: number) => {
    const started = await startConfigServer(children, {
      project: join(dir, 'project'),
      data: join(dir, 'server-data'),
      port,
      heartbeatIntervalMs: 500,
      lateAfterMs: 2_000,
      adminPassword: PASSWORD,
    })
    server = started.child
    url = started.url
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-node-int-'))
    aws = await startLocalAws()
    traffic = await DemoTraffic.create(aws)
    await prepareDemoProject(join(dir, 'project'), aws, { 'orders-fanout': [], 'invoices-archive': [] })
    await startServer(0)
    admin = await AdminApi.login(url, PASSWORD)
    await admin.expect(200, Type.Object({}), 'PUT', '/api/clusters/default', {
      publicKeyPem: await readFile(DEMO_PUBLIC_KEY, 'utf8'),
    })
  }, 180_000)

  afterAll(async () => {
    await children.killAll()
    traffic?.close()
    await aws?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  }, 60_000)

  it('runs the deployment, answers delegated tests, survives being forgotten, a server outage and a restart, and stops on a revoked token', async () => {
    const { token, id: tokenId } = await admin.nodeToken('default')
    const args = ['--server', url, '--roles', 's3,sqs', '--data', join(dir, 'node'), '--node-id', 'node-int']
    const nodeArgs = [...args, '--key', DEMO_KEY, '--drain-timeout', '10']
    const first = inProcessNode(nodeArgs, token)
    await waitFor('the node to register', async () => (await admin.nodes()).length === 1, 30_000)
    await admin.deploy('demo')
    await waitFor(
      'both workflows to run on the node',
      async () => {
        const nodes = await admin.nodes()
        return ['orders-fanout', 'invoices-archive'].every(
          (w) => reported(nodes, 'node-int', w) === 'running',
        )
      },
      60_000,
    )
    await traffic.sendOrders(5)
    await waitFor('5 orders through', async () => (await traffic.audited()) === 5, 30_000)

    for (const [kind, name, probe] of [
      ['connection.aws', 'local-aws', 'GetCallerIdentity'],
      ['source.sqs', 'orders-queue', 'GetQueueAttributes on sluice-demo-orders'],
    ] as const) {
      const report = await admin.expect(200, ProbeReport, 'POST', `/api/assets/${kind}/${name}/test`)
      expect(report.location).toEqual({ on: 'node', nodeId: 'node-int', cluster: 'default' })
      expect(report.probes.map((p) => [p.name, p.ok])).toContainEqual([probe, true])
      expect(report.ok).toBe(true)
    }

    const forgotten = Date.now()
    expect((await admin.send('DELETE', '/api/cluster/nodes/node-int')).status).toBe(204)
    await waitFor(
      'the node to register again',
      async () => {
        const node = (await admin.nodes()).find((n) => n.nodeId === 'node-int')
        return node !== undefined && Date.parse(node.registeredAt) >= forgotten && node.workflows.length === 2
      },
      30_000,
    )
    expect(first.log()).toContain('registering again')

    children.signal(server, 'SIGTERM')
    expect(await children.exitOf(server, 30_000)).toBe(0)
    await traffic.sendOrders(5)
    await waitFor('orders while the server is down', async () => (await traffic.audited()) === 10, 30_000)
    first.sigterm()
    expect((await first.result).code).toBe(0)
    expect(first.log()).toContain('could not send the last heartbeat')

    const second = inProcessNode(nodeArgs, token)
    await waitFor(
      'the cached state to resume',
      () => second.log().includes('resuming the cached desired state'),
      30_000,
    )
    await traffic.sendOrders(5)
    await waitFor(
      'orders from the restarted node',
      async () => (await traffic.audited()) === 15,
      45_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${second.log()}`)
    })

    await startServer(Number(new URL(url).port))
    await waitFor('the node to reconnect', () => second.log().includes('reachable again'), 60_000)
    expect((await admin.send('DELETE', `/api/tokens/${tokenId}`)).status).toBe(200)
    const refused = await second.result
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('refused this engine node (auth.token-revoked)')
    expect(second.log()).not.toContain(token)
  }, 300_000)
})
