import { describe, expect, it } from 'vitest'
import { checkDocs } from './docs-check/check.ts'

/**
 * Every command in the docs runs and works (see docs/README.md): the README's first command
 * installs a fresh copy of the repository and starts `pnpm start`; every other ```sh block runs
 * against it. A failure names the file and line of the block, with its output.
 */
describe('the commands in the docs', () => {
  it('all run, and every block is either run or marked not-run with a reason', async () => {
    const lines: string[] = []
    const report = await checkDocs({ log: (line) => lines.push(line) })
    const failed = report.results.filter((r) => r.status === 'failed')
    expect(report.problems, lines.join('\n')).toEqual([])
    expect(failed.map((r) => `${r.block.file}:${r.block.line}: ${r.message}\n${r.output}`)).toEqual([])
    const ran = report.results.filter((r) => r.status === 'passed')
    expect(ran.length).toBeGreaterThan(15)
    expect(ran[0]?.block.file).toBe('README.md')
    expect(report.results.filter((r) => r.status === 'not-run').length).toBeLessThanOrEqual(ran.length / 2)
    process.stdout.write(
      `docs check: ${ran.length} blocks run, ${report.results.length - ran.length} not run\n${lines.filter((l) => l.startsWith('✓')).join('\n')}\n`,
    )
  }, 420_000)
})
