/**
 * The Node-RED side of the comparison, in a process of its own:
 * `node-red-side.ts <function|jsonata> <messages>`. Node-RED's runtime runs embedded (`RED.init`):
 * no editor, no admin or node HTTP, no projects, no credentials file, its user directory in a
 * temporary directory. Messages are fed into the first node with at most {@link WINDOW} unfinished,
 * as Sluice's source does; the clock runs from the first message fed to the last one finished.
 * Prints one {@link SideResult} JSON line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import RED, { type NodeRedNode } from 'node-red'
import { benchFlow, ENTRY, SINK_GLOBAL } from './flows.ts'
import {
  body,
  keptOf,
  type NodeRedVariant,
  peakRssMiB,
  type SideResult,
  WARM_UP,
  WINDOW,
} from './workload.ts'

const variantArg = process.argv[2]
const variant: NodeRedVariant = variantArg === 'jsonata' ? 'jsonata' : 'function'
if (variantArg !== variant) throw new Error(`usage: node-red-side.ts <function|jsonata> <messages>`)
const messages = Number(process.argv[3])
if (!Number.isInteger(messages) || messages <= 0) throw new Error(`messages must be a positive integer`)

/** What the sinks count; `finished` resolves once `expected` messages have reached a sink. */
const tally = {
  kept: 0,
  filtered: 0,
  expected: 0,
  finish: () => {},
}
const sinks = {
  kept() {
    tally.kept++
    if (tally.kept + tally.filtered === tally.expected) tally.finish()
  },
  filtered() {
    tally.filtered++
    if (tally.kept + tally.filtered === tally.expected) tally.finish()
  },
}

/** The entry node, once the flows have started (they start after `RED.start()` resolves); 30 s at most. */
async function entryNode(): Promise<NodeRedNode> {
  for (let waited = 0; waited < 30_000; waited += 20) {
    const node = RED.nodes.getNode(ENTRY)
    if (node !== null) return node
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('the benchmark flow did not start within 30 s')
}

async function run(count: number): Promise<{ seconds: number; cpuSeconds: number }> {
  const entry = await entryNode()
  tally.kept = 0
  tally.filtered = 0
  tally.expected = count
  const finished = new Promise<void>((resolve) => {
    tally.finish = resolve
  })
  let fed = 0
  const cpu = process.cpuUsage()
  const started = performance.now()
  await new Promise<void>((resolve) => {
    const feed = () => {
      while (fed < count && fed - tally.kept - tally.filtered < WINDOW) {
        entry.receive({ payload: body(fed) })
        fed++
      }
      if (fed < count) setImmediate(feed)
      else resolve()
    }
    feed()
  })
  await finished
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  if (tally.kept !== keptOf(count)) throw new Error(`${tally.kept} kept, expected ${keptOf(count)}`)
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6 }
}

const userDir = await mkdtemp(join(tmpdir(), 'sluice-bench-node-red-'))
try {
  await writeFile(join(userDir, 'flows.json'), JSON.stringify(benchFlow(variant)))
  RED.init({
    userDir,
    flowFile: 'flows.json',
    httpAdminRoot: false,
    httpNodeRoot: false,
    disableEditor: true,
    credentialSecret: false,
    editorTheme: { projects: { enabled: false } },
    externalModules: { autoInstall: false },
    functionGlobalContext: { [SINK_GLOBAL]: sinks },
    logging: { console: { level: 'error', metrics: false, audit: false } },
  })
  await RED.start()
  await run(Math.min(WARM_UP, messages))
  const { seconds, cpuSeconds } = await run(messages)
  const result: SideResult = {
    side: 'node-red',
    variant,
    messages,
    perSecond: messages / seconds,
    cpuMicrosPerMessage: (cpuSeconds * 1e6) / messages,
    peakRssMiB: peakRssMiB(),
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
  await RED.stop()
} finally {
  await rm(userDir, { recursive: true, force: true })
}
process.exit(0)
