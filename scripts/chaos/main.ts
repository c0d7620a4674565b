/**
 * `pnpm chaos [--rounds 10] [--seed 1] [--report docs/chaos.md]`: a config server and three engine
 * nodes with different roles (CLI child processes) on the local AWS stack (a child process) behind
 * fault proxies; traffic to SQS → Kinesis/SNS/SQS/EventBridge and S3 → SQS workflows while, round
 * after round, a random node is SIGKILLed and restarted; then the inputs are drained and every id
 * sent is counted at its output. Writes the report and exits 1 if anything was lost.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { FaultRates } from '@sluice/aws-local'
import { Children, ROOT, waitFor } from '../../packages/engine/src/system/children.ts'
import { ChaosCluster } from './cluster.ts'
import { countOutputs } from './collect.ts'
import { failures, totals, type WorkflowCount } from './count.ts'
import { NODES, WORKFLOWS, writeChaosProject } from './project.ts'
import { type RoundOutcome, renderChaosReport } from './report.ts'
import { killSchedule } from './schedule.ts'
import { type ChaosStack, startChaosStack } from './stack.ts'
import { Traffic } from './traffic.ts'

/** Faults on every call the engine nodes make, all run long. */
const RATES: FaultRates = {
  throttle: 0.03,
  'server-error': 0.03,
  'drop-before': 0.01,
  'drop-after': 0.01,
  partial: 0.05,
}

const SINGLETON = WORKFLOWS.find((w) => w.input.type === 'bucket')?.name ?? ''

const { values } = parseArgs({
  options: { rounds: { type: 'string' }, seed: { type: 'string' }, report: { type: 'string' } },
})
const rounds = Number(values.rounds ?? '10')
const seed = Number(values.seed ?? '1')
const reportFile = resolve(ROOT, values.report ?? 'docs/chaos.md')
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(seed))
  throw new Error('usage: pnpm chaos [--rounds <n ≥ 1>] [--seed <integer>] [--report <file>]')

const log = (line: string) => process.stdout.write(`chaos: ${line}\n`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const started = Date.now()
const children = new Children()
const dir = await mkdtemp(join(tmpdir(), 'sluice-chaos-'))
let stack: ChaosStack | undefined
let traffic: Traffic | undefined

async function cleanUp(): Promise<void> {
  await traffic?.stop().catch(() => undefined)
  traffic?.close()
  await children.killAll()
  await stack?.stop().catch(() => undefined)
  await rm(dir, { recursive: true, force: true })
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: stopping every process this run started`)
    void cleanUp().finally(() => process.exit(130))
  })

async function run(): Promise<boolean> {
  stack = await startChaosStack(children, seed)
  log(`local AWS stack up; fault proxies at ${Object.values(stack.proxied).join(', ')}`)
  const project = join(dir, 'project')
  await mkdir(project)
  await writeChaosProject(project, stack.proxied)
  const cluster = new ChaosCluster(children, dir, NODES)
  await cluster.startServer(project)
  for (const id of cluster.nodeIds) cluster.startNode(id)
  await cluster.nodesUp(cluster.nodeIds, 120_000)
  await cluster.admin.deploy('chaos')
  await cluster.running('chaos', 120_000)
  const placement = await cluster.placementLine('chaos')
  log(`deployed; ${placement}`)

  stack.setRates(RATES)
  traffic = new Traffic(stack.aws, WORKFLOWS, stack.queueUrls)
  traffic.start({ messagesPerTick: 20, tickMs: 250, objectEveryTicks: 8, recordsPerObject: 40 })
  const outcomes: RoundOutcome[] = []
  for (const round of killSchedule(seed, rounds, cluster.nodeIds)) {
    await sleep(round.killAfterMs)
    const sentBefore = traffic.total()
    await cluster.kill(round.node)
    log(`round ${round.round}: SIGKILLed ${round.node} (${sentBefore} ids sent so far)`)
    await sleep(round.downMs)
    cluster.startNode(round.node)
    const upAgainMs = await cluster.backUp(round.node, Date.now(), 120_000)
    const singletonOn = await cluster.placedOn('chaos', SINGLETON)
    outcomes.push({ ...round, sentBefore, upAgainMs, singletonOn })
  }
  await traffic.stop()
  log(`traffic stopped after ${traffic.total()} ids; draining the inputs`)
  const feed = traffic
  const drainedMs = await waitFor(
    'the inputs to drain',
    async () => (await feed.backlog()) === 0,
    300_000,
    1_000,
  ).catch((error: unknown) => {
    log(error instanceof Error ? error.message : String(error))
    return undefined
  })
  const nodeExits = await cluster.stopNodes(60_000)
  stack.setRates({})
  log('counting the outputs')
  const counts: WorkflowCount[] = await countOutputs(
    stack.aws,
    WORKFLOWS,
    stack.queueUrls,
    (w) => feed.sent(w),
    60_000,
  )
  const failed = failures(counts, drainedMs !== undefined)
  const proxies = {
    'fauxqs (S3, SQS, SNS)': stack.proxies.fauxqs.stats(),
    'kinesalite (Kinesis)': stack.proxies.kinesis.stats(),
    'stand-in (EventBridge)': stack.proxies.standIn.stats(),
  }
  const report = renderChaosReport({
    date: new Date().toISOString(),
    minutes: (Date.now() - started) / 60_000,
    seed,
    rates: RATES,
    nodes: NODES,
    workflows: WORKFLOWS,
    placement,
    rounds: outcomes,
    drainedMs,
    nodeExits,
    proxies,
    counts,
    failures: failed,
  })
  await writeFile(reportFile, report)
  const all = totals(counts)
  for (const c of counts)
    log(
      `${c.label.padEnd(18)} sent ${c.sent}, received ${c.received}, duplicates ${c.duplicates}, lost ${c.lost.length}`,
    )
  log(`all: sent ${all.sent}, received ${all.received}, duplicates ${all.duplicates}, lost ${all.lost}`)
  log(`wrote ${reportFile}`)
  for (const line of failed) log(`FAILED: ${line}`)
  return failed.length === 0
}

let ok = false
try {
  ok = await run()
} finally {
  await cleanUp()
}
log(`${ok ? 'passed' : 'failed'} in ${((Date.now() - started) / 60_000).toFixed(1)} minutes`)
process.exit(ok ? 0 : 1)
