import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type LocalAws, startLocalAws } from '@sluice/aws-local'
import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Child, Children, waitFor } from './children.ts'
import { AdminApi, reported, startConfigServer } from './config-server.ts'
import { DEMO_KEY, DEMO_PUBLIC_KEY, DemoTraffic, prepareDemoProject } from './demo-project.ts'

const HEARTBEAT_MS = 1_000
const LATE_AFTER_MS = 3_000
const PASSWORD = 'system-test-admin-password'
const ROLES = { 'node-a': ['s3'], 'node-b': ['s3', 'sqs'] } as const

/**
 * The whole cluster as separate processes: a config server and two engine nodes with different
 * roles, the demo project, the local AWS stack. Placement follows the roles; messages keep flowing
 * while the server is down; the nodes reconnect when it is back; the S3-polling singleton moves
 * when the node running it is stopped (at once: it says it is draining) and when it crashes (once
 * its lease expires).
 */
describe('a config server, two engine nodes and the local AWS stack', () => {
  const children = new Children()
  const timings: Record<string, number | string> = {}
  let aws: LocalAws
  let traffic: DemoTraffic
  let dir: string
  let admin: AdminApi
  let server: Child
  let serverUrl: string
  const nodes = new Map<string, Child>()

  const startServer = async (port: number) => {
    const started = await startConfigServer(children, {
      project: join(dir, 'project'),
      data: join(dir, 'server-data'),
      port,
      heartbeatIntervalMs: HEARTBEAT_MS,
      lateAfterMs: LATE_AFTER_MS,
      adminPassword: PASSWORD,
    })
    server = started.child
    serverUrl = started.url
  }

  const startNode = (nodeId: keyof typeof ROLES, token: string) => {
    const child = children.spawn(
      nodeId,
      'packages/engine/src/cli/main.ts',
      [
        'engine',
        '--server',
        serverUrl,
        '--roles',
        ROLES[nodeId].join(','),
        '--node-id',
        nodeId,
        '--data',
        join(dir, nodeId),
        '--key',
        DEMO_KEY,
        '--drain-timeout',
        '20',
      ],
      { SLUICE_TOKEN: token },
    )
    nodes.set(nodeId, child)
    return child
  }

  const flowing = async (what: string, orders: number, files: number, timeoutMs = 60_000) => {
    const took = await waitFor(
      what,
      async () => (await traffic.audited()) >= orders && (await traffic.filesDone()) >= files,
      timeoutMs,
      300,
    )
    return took
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-system-'))
    aws = await startLocalAws()
    traffic = await DemoTraffic.create(aws)
    await prepareDemoProject(join(dir, 'project'), aws, {
      'orders-fanout': ['sqs'],
      'invoices-archive': ['s3'],
    })
    await startServer(0)
    admin = await AdminApi.login(serverUrl, PASSWORD)
    await admin.expect(200, Type.Object({ fingerprint: Type.String() }), 'PUT', '/api/clusters/default', {
      publicKeyPem: await readFile(DEMO_PUBLIC_KEY, 'utf8'),
    })
  }, 180_000)

  afterAll(async () => {
    await children.killAll()
    traffic?.close()
    await aws?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
    process.stdout.write(`system test timings: ${JSON.stringify(timings)}\n`)
  }, 60_000)

  it('places by role, keeps flowing through a server outage, reconnects, and moves the singleton', async () => {
    const { token } = await admin.nodeToken('default')
    startNode('node-a', token)
    startNode('node-b', token)
    timings.nodesUpMs = await waitFor(
      'both nodes to register',
      async () => (await admin.nodes()).filter((n) => n.status === 'up').length === 2,
      90_000,
    )

    const deployed = Date.now()
    expect(await admin.deploy('demo')).toBe(1)
    await waitFor(
      'each workflow to run where its roles are',
      async () => {
        const now = await admin.nodes()
        return (
          reported(now, 'node-b', 'orders-fanout') === 'running' &&
          reported(now, 'node-a', 'invoices-archive') === 'running'
        )
      },
      60_000,
    )
    timings.placeMs = Date.now() - deployed
    const placement = await admin.placement('demo')
    expect(placement.workflows).toEqual([
      expect.objectContaining({
        workflow: 'orders-fanout',
        requiredRoles: ['sqs'],
        status: 'placed',
        nodes: ['node-b'],
      }),
      expect.objectContaining({
        workflow: 'invoices-archive',
        singleton: true,
        requiredRoles: ['s3'],
        status: 'placed',
        nodes: ['node-a'],
      }),
    ])
    const everyNode = await admin.nodes()
    expect(reported(everyNode, 'node-a', 'orders-fanout')).toBeUndefined()
    expect(reported(everyNode, 'node-b', 'invoices-archive')).toBeUndefined()

    let orders = await traffic.sendOrders(20)
    let files = await traffic.putFiles(2)
    timings.firstArrivalsMs = await flowing('the first orders and files', orders, files)
    timings.before = `${await traffic.audited()} orders, ${await traffic.filesDone()} files`

    children.signal(server, 'SIGKILL')
    await server.exited
    const outage = Date.now()
    orders = await traffic.sendOrders(20)
    files = await traffic.putFiles(2)
    timings.arrivalsDuringOutageMs = await flowing('orders and files while the server is down', orders, files)
    timings.during = `${await traffic.audited()} orders, ${await traffic.filesDone()} files`

    const port = Number(new URL(serverUrl).port)
    await startServer(port)
    expect(new URL(serverUrl).port).toBe(String(port))
    const restarted = Date.now()
    timings.outageMs = restarted - outage
    timings.reconnectMs = await waitFor(
      'both nodes to reconnect',
      async () => {
        const now = await admin.nodes()
        return (
          now.length === 2 &&
          now.every(
            (n) => n.status === 'up' && Date.parse(n.lastSeenAt) >= restarted && n.workflows.length > 0,
          )
        )
      },
      60_000,
    )
    for (const name of ['node-a', 'node-b'])
      expect(
        nodes
          .get(name)
          ?.output()
          .match(/config server cannot be reached/g),
      ).toHaveLength(1)
    orders = await traffic.sendOrders(20)
    files = await traffic.putFiles(2)
    timings.arrivalsAfterRestartMs = await flowing('orders and files after the restart', orders, files)
    timings.after = `${await traffic.audited()} orders, ${await traffic.filesDone()} files`

    const holder = (await admin.placement('demo')).workflows.find((w) => w.workflow === 'invoices-archive')
      ?.nodes[0]
    const other = holder === 'node-a' ? 'node-b' : 'node-a'
    const stopped = holder === undefined ? undefined : nodes.get(holder)
    if (!stopped) throw new Error(`no node holds the singleton: ${JSON.stringify(holder)}`)
    const signalled = Date.now()
    children.signal(stopped, 'SIGTERM')
    expect(await children.exitOf(stopped, 60_000)).toBe(0)
    expect(stopped.output()).toContain('told the config server this node is draining')
    timings.drainMs = Date.now() - signalled
    await waitFor(
      `the singleton to move to ${other}`,
      async () => reported(await admin.nodes(), other, 'invoices-archive') === 'running',
      60_000,
    )
    timings.singletonMoveAfterSigtermMs = Date.now() - signalled
    timings.singletonMovedTo = other
    files = await traffic.putFiles(2)
    await flowing('files after the singleton moved', 0, files)

    const back = startNode(holder === 'node-a' ? 'node-a' : 'node-b', token)
    await waitFor(
      `${back.name} to register again`,
      async () => (await admin.nodes()).find((n) => n.nodeId === back.name)?.state === 'running',
      90_000,
    )
    const crashed = nodes.get(other)
    if (!crashed) throw new Error(`${other} is not running`)
    const killed = Date.now()
    children.signal(crashed, 'SIGKILL')
    await crashed.exited
    await waitFor(
      `the singleton to move back to ${back.name} once the lease of ${other} expires`,
      async () => reported(await admin.nodes(), back.name, 'invoices-archive') === 'running',
      60_000,
    )
    timings.singletonMoveAfterCrashMs = Date.now() - killed
    files = await traffic.putFiles(2)
    await flowing('files after the crash', 0, files)
    timings.final = `${await traffic.audited()} orders, ${await traffic.filesDone()} files`
    expect(await traffic.filesDone()).toBe(10)
    expect(await traffic.audited()).toBe(60)
  }, 420_000)
})
