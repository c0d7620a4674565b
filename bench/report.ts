/** What `docs/benchmarks.md` is made of. */
export interface BenchReport {
  readonly date: string
  readonly minutes: number
  readonly machine: string
  /** The load average when the run ended. */
  readonly load: string
  readonly versions: string
  readonly quick: boolean
  /** `docs/benchmarks-engine.md` as `pnpm bench:engine` wrote it in this run. */
  readonly engineReport: string
  /** What the config server benchmark printed. */
  readonly serverOutput: string
  /** The lines of the Node-RED section. */
  readonly nodeRed: readonly string[]
}

const firstSection = (lines: readonly string[]) => lines.findIndex((line) => line.startsWith('## '))

/**
 * The sections of the engine report (from its first `## ` heading on), one heading level down, so
 * they sit under a heading of the combined report. Throws if the report has no section.
 */
export function engineSections(report: string): string[] {
  const lines = report.split('\n')
  const first = firstSection(lines)
  if (first < 0) throw new Error('the engine benchmark report has no "## " section')
  const sections = lines.slice(first).map((line) => (line.startsWith('#') ? `#${line}` : line))
  while (sections.at(-1) === '') sections.pop()
  return sections
}

/** The header lines of the engine report before its first section: how it ran. */
export function engineIntro(report: string): string[] {
  const lines = report.split('\n')
  const first = firstSection(lines)
  return lines.slice(1, first < 0 ? lines.length : first).filter((line) => line.startsWith('- '))
}

/** The Markdown of `docs/benchmarks.md`. */
export function renderBenchReport(report: BenchReport): string {
  return [
    '# Benchmarks',
    '',
    "Written by `pnpm bench` (`bench/bench.ts`), which runs, in this order and each in processes of its own: Sluice's",
    "core path beside Node-RED's runtime (`bench/node-red/`), the engine benchmark (`pnpm bench:engine`, which also",
    'writes `docs/benchmarks-engine.md`) and the config server benchmark',
    '(`packages/config-server/bench/server.ts`). Numbers on a shared 2-core machine vary by about ±30 % between runs.',
    ...(report.quick
      ? ['', '**A `--quick` run: every workload is shrunk; do not quote these numbers.**']
      : []),
    '',
    `- Date: ${report.date}; the whole run took ${report.minutes.toFixed(1)} minutes`,
    `- Machine: ${report.machine}; ${report.load} at the end`,
    `- Versions: ${report.versions}`,
    '',
    "## Sluice's core path beside Node-RED",
    '',
    ...report.nodeRed,
    '',
    '## Engine against plain SDK loops, memory, batch fill, core throughput',
    '',
    ...engineIntro(report.engineReport),
    '',
    ...engineSections(report.engineReport),
    '',
    '## Config server',
    '',
    'p50/p99 latency of asset reads and writes on a generated 1,000-asset project, through `inject` and through',
    'HTTP on 127.0.0.1:',
    '',
    '```text',
    report.serverOutput.trim(),
    '```',
    '',
  ].join('\n')
}
