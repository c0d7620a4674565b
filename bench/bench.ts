/**
 * `pnpm bench [--quick]`: the engine benchmark (`pnpm bench:engine`), the config server benchmark
 * and the comparison of Sluice's core path with Node-RED's runtime, in one run; writes
 * `docs/benchmarks.md`. `--quick` shrinks every workload (a smoke run, not for quoting).
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ROOT } from '../packages/engine/src/system/children.ts'
import { loadLine, machineLine } from './machine.ts'
import { compareWithNodeRed } from './node-red/compare.ts'
import { renderNodeRedSection } from './node-red/render.ts'
import { renderBenchReport } from './report.ts'
import { killRunning, runScript } from './run-script.ts'
import { pinned, versionsLine } from './versions.ts'

const quick = process.argv.includes('--quick')
const NODE_RED_MESSAGES = quick ? 10_000 : 100_000
const NODE_RED_ROUNDS = quick ? 1 : 3
const SERVER_ARGS = quick ? ['--reads', '200', '--writes', '50'] : []

const log = (line: string) => process.stderr.write(`bench: ${line}\n`)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    killRunning()
    process.exit(130)
  })

const started = Date.now()
log('node-red comparison')
const nodeRed = await compareWithNodeRed(NODE_RED_MESSAGES, NODE_RED_ROUNDS, log)
log('engine benchmark (pnpm bench:engine)')
await runScript('packages/engine/bench/engine.ts', quick ? ['--quick'] : [])
const engineReport = await readFile(join(ROOT, 'docs', 'benchmarks-engine.md'), 'utf8')
log('config server benchmark')
const serverOutput = await runScript('packages/config-server/bench/server.ts', SERVER_ARGS)
const file = join(ROOT, 'docs', 'benchmarks.md')
await writeFile(
  file,
  renderBenchReport({
    date: new Date().toISOString(),
    minutes: (Date.now() - started) / 60_000,
    machine: machineLine(),
    load: loadLine(),
    versions: versionsLine(),
    quick,
    engineReport,
    serverOutput,
    nodeRed: renderNodeRedSection(nodeRed, {
      messages: NODE_RED_MESSAGES,
      rounds: NODE_RED_ROUNDS,
      nodeRedVersion: pinned('bench', 'node-red'),
    }),
  }),
)
log(`wrote ${file} in ${((Date.now() - started) / 60_000).toFixed(1)} minutes`)
