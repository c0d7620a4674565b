import { readFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { ENGINE_NODE_FLAGS } from '../../src/build/node-flags.ts'
import type { CoreResult } from '../core.ts'
import type { PhaseResult } from './targets.ts'

/** One round of a comparison: the plain loop and the engine on the same work, back to back. */
export interface Round {
  readonly plain: PhaseResult
  readonly engine: PhaseResult
  /** CPU of each emulator during the engine's phase, in % of one core. */
  readonly emulatorCpu: string
}

/** One comparison: rounds of the plain loop and the engine on the same work. */
export interface Comparison {
  readonly scenario: string
  readonly rounds: readonly Round[]
  /** The service maximum the engine's batches are measured against. */
  readonly batchMax: string
  /** Whether the engine's peak RSS must stay under 200 MB. */
  readonly rssTarget?: boolean
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const ratioOf = (round: Round) => round.engine.perSecond / round.plain.perSecond

const packagesDir = fileURLToPath(new URL('../../../', import.meta.url))

function dependencies(pkg: string): Record<string, string> {
  const parsed: unknown = JSON.parse(readFileSync(`${packagesDir}${pkg}/package.json`, 'utf8'))
  const deps =
    typeof parsed === 'object' && parsed !== null && 'dependencies' in parsed ? parsed.dependencies : {}
  const out: Record<string, string> = {}
  if (typeof deps === 'object' && deps !== null)
    for (const [name, version] of Object.entries(deps)) if (typeof version === 'string') out[name] = version
  return out
}

const fixed = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const mark = (met: boolean) => (met ? 'met' : '**missed**')

function comparisonRows(comparisons: readonly Comparison[]): string[] {
  const rows = [
    '| scenario | items | plain SDK items/s | engine items/s | ratio (≥ 0.9) | ratio in each round | ratio per CPU-second | engine peak RSS MiB (at start) | plain peak RSS MiB (at start) | batch fill (≥ 95 %) | emulator CPU during the engine run |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ]
  for (const c of comparisons) {
    const ratios = c.rounds.map(ratioOf)
    const ratio = median(ratios)
    const middle = c.rounds.find((round) => ratioOf(round) === ratio) ?? c.rounds[0]
    const engine = c.rounds.map((round) => round.engine)
    const plain = c.rounds.map((round) => round.plain)
    const engineRss = Math.max(...engine.map((r) => r.peakRssMiB))
    const plainRss = Math.max(...plain.map((r) => r.peakRssMiB))
    const fill = Math.min(...engine.map((r) => r.batchFill ?? 0))
    const perCpu = median(c.rounds.map((round) => round.engine.perCpuSecond / round.plain.perCpuSecond))
    const rss = c.rssTarget ? ` (< 200 MB: ${mark(engineRss * 2 ** 20 < 200e6)})` : ''
    rows.push(
      `| ${c.scenario} | ${fixed(engine[0]?.items ?? 0)} | ${fixed(median(plain.map((r) => r.perSecond)))} | ` +
        `${fixed(median(engine.map((r) => r.perSecond)))} | ${ratio.toFixed(2)} (${mark(ratio >= 0.9)}) | ` +
        `${ratios.map((r) => r.toFixed(2)).join(', ')} | ${perCpu.toFixed(2)} | ` +
        `${engineRss} (${Math.min(...engine.map((r) => r.baselineRssMiB))})${rss} | ` +
        `${plainRss} (${Math.min(...plain.map((r) => r.baselineRssMiB))}) | ` +
        `${(fill * 100).toFixed(1)} % of ${c.batchMax} (${mark(fill >= 0.95)}) | ${middle?.emulatorCpu ?? ''} |`,
    )
  }
  return rows
}

/** The Markdown report: when and where it ran, the comparisons, the core path, and the notes. */
export function renderReport(
  comparisons: readonly Comparison[],
  core: readonly CoreResult[],
  notes: readonly string[],
  run: { readonly minutes: number; readonly rounds: string; readonly loadAtStart: readonly number[] },
): string {
  const engine = dependencies('engine')
  const local = dependencies('aws-local')
  const cpu = cpus()
  const versions = [
    `@aws-sdk/client-sqs ${engine['@aws-sdk/client-sqs']}`,
    `@aws-sdk/client-sns ${engine['@aws-sdk/client-sns']}`,
    `@aws-sdk/client-kinesis ${engine['@aws-sdk/client-kinesis']}`,
    `@aws-sdk/client-s3 ${engine['@aws-sdk/client-s3']}`,
    `rxjs ${engine.rxjs}`,
    `fauxqs ${local.fauxqs}`,
    `kinesalite ${local.kinesalite}`,
  ]
  return [
    '# Engine benchmark',
    '',
    'Written by `pnpm bench:engine` (`packages/engine/bench/engine.ts`). Each emulator runs in a child process of',
    'its own (`packages/engine/bench/emulators/`), and each measurement in a fresh process, so its peak RSS is its',
    'own. The engine runs as `startWorkflow` in that process, on a bundle with the real sources and sinks; the',
    'plain SDK loop beside it makes the same calls with the same batching. Both run as bundled JavaScript',
    `(esbuild, as engine nodes do) under the Node flags nodes run with: \`${ENGINE_NODE_FLAGS.join(' ')}\`.`,
    'Numbers on a shared 2-core machine vary by ±30 % from minute to minute, so each comparison runs in rounds.',
    '',
    `- Date: ${new Date().toISOString()}; the whole run took ${run.minutes.toFixed(1)} minutes`,
    `- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${fixed(totalmem() / 2 ** 30, 1)} GiB RAM, Linux ${release()}; ` +
      `load average ${run.loadAtStart.map((l) => l.toFixed(1)).join(' / ')} at the start and ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} at the end (1, 5, 15 minutes; other work shared the machine)`,
    `- Node ${process.version}; ${versions.join(', ')}`,
    `- Rounds: ${run.rounds}. A round runs both sides back to back, in alternating order; the ratio is the median of the rounds' ratios, items per second each side's median, peak RSS the highest of any round and batch fill the lowest`,
    '',
    '## Engine against a plain SDK loop',
    '',
    ...comparisonRows(comparisons),
    '',
    '## Core path (synthetic source → map → filter → null sink, `bench/core.ts`)',
    '',
    '| variant | messages | msg/s | msg/s per core (CPU-second) | p99 latency ms |',
    '|---|---|---|---|---|',
    ...core.map(
      (r) =>
        `| ${r.name} | ${fixed(r.messages)} | ${fixed(r.perSecond)} | ${fixed(r.perCpuSecond)} | ${r.p99} |`,
    ),
    '',
    '## Notes',
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ].join('\n')
}
