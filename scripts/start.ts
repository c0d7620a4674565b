/**
 * `pnpm start`: the whole of Sluice on this machine. Builds the editor when needed, starts the
 * local AWS stack, the config server with the demo project and one engine node, seeds the demo,
 * deploys it, keeps gentle traffic flowing, and prints the editor URL and the admin login. Ctrl-C
 * stops it all in order: traffic, the node (it drains), the server, the stack.
 */
import { join } from 'node:path'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import type { AdminApi } from '../packages/engine/src/system/config-server.ts'
import { adminPassword } from './start/admin-password.ts'
import { banner, shown } from './start/banner.ts'
import {
  deployDemo,
  nodeUp,
  prepareCluster,
  revokeTokens,
  signIn,
  workflowsRunning,
} from './start/cluster.ts'
import { buildEditor, editorBuildState } from './start/editor-build.ts'
import { Feeder } from './start/feeder.ts'
import { busyPorts } from './start/ports.ts'
import { StartProcesses } from './start/processes.ts'
import { demoCopy, readDemo } from './start/project.ts'
import { settleLeftovers } from './start/run-record.ts'
import {
  DEMO_DIR,
  DEMO_KEYS,
  FIXED_PORTS,
  type StartSettings,
  startHelp,
  startSettings,
} from './start/settings.ts'

// The SDK's notice that its releases from 2027 need Node 22 is for whoever upgrades the SDK, not
// for someone trying the demo (the server and the node inherit this too).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const began = Date.now()
const cwd = process.cwd()
const seconds = () => ((Date.now() - began) / 1000).toFixed(1)
const step = (text: string) => console.log(`✓ ${text} (${seconds()} s)`)

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(startHelp())
  process.exit(0)
}
const parsed = startSettings(process.env, cwd)
if ('error' in parsed) {
  console.error(`pnpm start: ${parsed.error}`)
  process.exit(2)
}
const settings: StartSettings = parsed
const { dataDir } = settings
const processes = new StartProcesses(dataDir)
let aws: LocalAws | undefined
let feeder: Feeder | undefined
let admin: AdminApi | undefined
let nodeTokenId: string | undefined
let stopping: Promise<void> | undefined
let firstSignalAt = 0

/** Thrown by a step that finds a stop under way, so the start sequence ends without noise. */
class Stopped extends Error {}
const guard = () => {
  if (stopping) throw new Stopped('stopping')
}

/** Stops everything that runs, in order, then exits with `code`. */
function stop(code: number, why: string): Promise<void> {
  stopping ??= (async () => {
    console.log(`\n${why}: stopping…`)
    await feeder?.stop()
    const report = await processes.stop(async () => {
      if (admin) for (const problem of await revokeTokens(admin, nodeTokenId)) console.error(`  ${problem}`)
    })
    for (const line of report) console.log(`  ${line}`)
    await aws?.stop().then(
      () => console.log('  local AWS stack stopped'),
      (error: unknown) => console.error(`  stopping the local AWS stack failed: ${String(error)}`),
    )
    console.log(code === 0 ? 'Stopped; nothing left running.' : 'Stopped.')
    process.exit(code)
  })()
  return stopping
}

const onSignal = (signal: NodeJS.Signals) => {
  const now = Date.now()
  if (firstSignalAt === 0) {
    firstSignalAt = now
    void stop(0, signal)
    return
  }
  if (now - firstSignalAt < 1_000) return // the same Ctrl-C, relayed by a wrapper (pnpm, tsx)
  console.error(`${signal} again: killing everything now`)
  processes.killNow()
  process.exit(130)
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)
// A closed terminal (SIGHUP) must stop the children too, or they would outlive it; writes to the
// gone terminal then fail, which must not end the stop half-way.
process.on('SIGHUP', onSignal)
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined)
process.on('exit', () => processes.killNow())

async function main(): Promise<void> {
  const leftovers = await settleLeftovers(dataDir)
  if ('error' in leftovers) throw new Error(leftovers.error)
  if (leftovers.stopped.length > 0)
    step(`stopped what an earlier pnpm start left running: ${leftovers.stopped.join(', ')}`)

  const demo = await readDemo(DEMO_DIR)
  if ('error' in demo) throw new Error(demo.error)
  step(`examples/demo: ${demo.assets} assets, valid`)
  const { names } = demo

  const fixed = settings.ports === 'fixed'
  if (fixed) {
    const busy = await busyPorts([
      { port: names.ports.fauxqs, use: 'local S3, SQS and SNS' },
      { port: names.ports.kinesis, use: 'local Kinesis' },
      { port: names.ports.standIn, use: 'local EventBridge and STS' },
      { port: FIXED_PORTS.server, use: 'the config server and editor' },
      { port: FIXED_PORTS.metrics, use: "the engine node's metrics" },
    ])
    if (busy) throw new Error(busy)
  }

  const build = await editorBuildState()
  if (build.state !== 'fresh') {
    console.log(
      build.state === 'missing'
        ? '… building the editor (pnpm build:editor), first start only'
        : `… rebuilding the editor (pnpm build:editor): ${shown(build.newer, cwd)} is newer than the build`,
    )
    await buildEditor()
    step('editor built')
  }
  guard()

  aws = await startLocalAws(fixed ? { ports: names.ports } : {})
  const created = await createResources(aws, {
    buckets: [names.buckets.inbox, names.buckets.archive],
    queues: [names.queues.orders, names.queues.audit],
    topics: [names.topic],
    streams: [names.stream],
    buses: [names.bus],
  })
  step('local AWS stack with the demo buckets, queues, topic, stream and bus')
  guard()

  const project = fixed
    ? DEMO_DIR
    : await demoCopy(DEMO_DIR, join(dataDir, 'project'), {
        fauxqs: aws.endpoints.sqs,
        kinesis: aws.endpoints.kinesis,
        standIn: aws.endpoints.eventbridge,
      })
  const password = await adminPassword(dataDir, settings.adminPassword)
  const url = await processes.startServer({
    project,
    port: fixed ? FIXED_PORTS.server : 0,
    adminPassword: password.password,
  })
  step(`config server at ${url} with ${shown(project, cwd)}`)
  guard()

  admin = await signIn(
    url,
    password.password,
    password.source === 'file' ? shown(password.file ?? '', cwd) : password.source,
  )
  const token = await prepareCluster(admin, DEMO_KEYS.public)
  nodeTokenId = token.id
  guard()
  await processes.startNode({
    server: url,
    token: token.token,
    keyFile: DEMO_KEYS.private,
    metricsPort: fixed ? FIXED_PORTS.metrics : 0,
  })
  const nodeExited = () => processes.node?.hasExited() ?? true
  await nodeUp(admin, nodeExited, 90_000)
  step('engine node local-1 registered (cluster default, roles s3, sqs)')
  guard()

  const queueUrl = created.queueUrls[names.queues.orders]
  if (queueUrl === undefined) throw new Error(`the queue ${names.queues.orders} was not created`)
  feeder = new Feeder(
    {
      sqsEndpoint: aws.endpoints.sqs,
      ordersQueueUrl: queueUrl,
      s3Endpoint: aws.endpoints.s3,
      inboxBucket: names.buckets.inbox,
    },
    { orderEveryMs: 1_000, fileEveryMs: 20_000, warn: (message) => console.error(`! ${message}`) },
  )
  await feeder.seed(20, 2)
  step('seeded 20 orders and 2 invoice files')

  const version = await deployDemo(admin)
  await workflowsRunning(admin, nodeExited, 90_000)
  step(
    version === undefined
      ? 'demo deployment already active; its workflows run'
      : `deployed demo version ${version}; its workflows run`,
  )
  guard()
  if (settings.traffic) feeder.start()

  console.log(
    banner(
      {
        url,
        password,
        metricsUrl: (() => {
          const port = processes.metricsPort()
          return port === undefined ? undefined : `http://127.0.0.1:${port}/metrics`
        })(),
        project,
        projectIsDemo: fixed,
        endpoints: {
          s3: aws.endpoints.s3,
          kinesis: aws.endpoints.kinesis,
          eventbridge: aws.endpoints.eventbridge,
        },
        traffic: settings.traffic,
        dataDir,
        readySeconds: (Date.now() - began) / 1000,
      },
      cwd,
    ),
  )

  const exited = await processes.firstExit()
  if (stopping) return
  const log = processes.logFile(exited.name)
  console.error(`\n${exited.name} exited unexpectedly (${exited.code}); see ${shown(log, cwd)}`)
  await stop(1, 'a process failed')
}

main().catch(async (error: unknown) => {
  if (error instanceof Stopped) return
  console.error(`\npnpm start failed: ${error instanceof Error ? error.message : String(error)}`)
  for (const child of [processes.server, processes.node])
    if (child?.hasExited()) console.error(`\n${child.name} output:\n${child.output().slice(-4_000)}`)
  await stop(1, 'failed')
})
