/**
 * Core-path benchmark: synthetic source → map → filter → null sink, in one process.
 * Run: `npx tsx packages/engine/bench/core.ts [scale]` (scale multiplies the message counts).
 * Prints messages per second of wall time and per CPU-second (per core) for: the runtime alone
 * (source → null sink), native JavaScript processors, JSONata on the synchronous fast path, and
 * JSONata itself (every message through the jsonata library).
 */
import { pathToFileURL } from 'node:url'
import { compileExpression, type ExpressionCompiler } from '../src/runtime/expression/expression.ts'
import { captureSink } from '../src/testing/capture-sink.ts'
import { runFixture } from '../src/testing/fixture.ts'
import { syntheticSource } from '../src/testing/synthetic-source.ts'

const MAP = '$merge([$, { "total": amount * 2 }])'
const FILTER = 'amount % 10 != 0'

interface Order {
  id: number
  amount: number
  customer: string
}

const isOrder = (body: unknown): body is Order =>
  typeof body === 'object' && body !== null && 'amount' in body

const native: ExpressionCompiler = (source) => ({
  source,
  fast: true,
  evaluate:
    source === MAP
      ? (body: unknown) =>
          isOrder(body)
            ? { id: body.id, amount: body.amount, customer: body.customer, total: body.amount * 2 }
            : body
      : (body: unknown) => (isOrder(body) ? body.amount % 10 !== 0 : false),
})

/** The variants measured, with their message counts at scale 1. */
export const variants: { name: string; compile: ExpressionCompiler | undefined; messages: number }[] = [
  { name: 'no processors', compile: undefined, messages: 3_000_000 },
  { name: 'native JS processors', compile: native, messages: 2_000_000 },
  { name: 'JSONata, fast path', compile: (s) => compileExpression(s), messages: 2_000_000 },
  {
    name: 'JSONata library only',
    compile: (s) => compileExpression(s, { fastPath: false }),
    messages: 100_000,
  },
]

const direct = {
  nodes: [
    { id: 'in', type: 'source', asset: 'synthetic' },
    { id: 'out', type: 'sink', asset: 'null' },
  ],
  links: [{ from: 'in', to: 'out' }],
}

const processed = {
  nodes: [
    { id: 'in', type: 'source', asset: 'synthetic' },
    { id: 'total', type: 'map', expression: MAP },
    { id: 'keep', type: 'filter', expression: FILTER },
    { id: 'out', type: 'sink', asset: 'null' },
  ],
  links: [
    { from: 'in', to: 'total' },
    { from: 'total', to: 'keep' },
    { from: 'keep', to: 'out' },
  ],
}

/** Runs `count` messages through the variant's workflow; messages per second of wall time and of CPU. */
export async function measure(compile: ExpressionCompiler | undefined, count: number) {
  const source = syntheticSource({
    count,
    record: false,
    maxInFlight: 1000,
    yieldEvery: 50_000,
    body: (index) => ({ id: index, amount: index % 1000, customer: 'c-42' }),
  })
  const sink = captureSink({ record: false })
  const cpu = process.cpuUsage()
  const start = performance.now()
  const run = runFixture(
    compile ? processed : direct,
    { sources: { in: source }, sinks: { out: sink } },
    compile ? { compile } : {},
  )
  await source.allSettled()
  const seconds = (performance.now() - start) / 1000
  const used = process.cpuUsage(cpu)
  const cpuSeconds = (used.user + used.system) / 1e6
  const p99 = run.status().metrics.latencyMs.p99
  await run.stop(1_000)
  if (source.counts.acked + source.counts.filtered !== count) throw new Error('messages were lost')
  return { perSecond: count / seconds, perCpuSecond: count / cpuSeconds, p99 }
}

/** One measured variant of the core path. */
export interface CoreResult {
  readonly name: string
  readonly messages: number
  readonly perSecond: number
  readonly perCpuSecond: number
  readonly p99: number
}

/** Measures every variant at `scale` (after a short warm-up of each), calling `report` after each. */
export async function coreBench(scale: number, report: (result: CoreResult) => void = () => {}) {
  const results: CoreResult[] = []
  for (const variant of variants) {
    const count = Math.round(variant.messages * scale)
    await measure(variant.compile, Math.min(count, 20_000))
    const result = { name: variant.name, messages: count, ...(await measure(variant.compile, count)) }
    results.push(result)
    report(result)
  }
  return results
}

const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20)

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`node ${process.version}, ${rss()} MiB RSS at start`)
  await coreBench(Number(process.argv[2] ?? 1), (result) =>
    console.log(
      `${result.name.padEnd(24)} ${result.messages.toLocaleString('en').padStart(10)} msgs  ` +
        `${Math.round(result.perSecond).toLocaleString('en').padStart(10)} msg/s  ` +
        `${Math.round(result.perCpuSecond).toLocaleString('en').padStart(10)} msg/s/core  ` +
        `p99 ${result.p99} ms  RSS ${rss()} MiB`,
    ),
  )
}
