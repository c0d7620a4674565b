import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { processesIn } from '../start/run-record.ts'
import { checkDocs, collectBlocks } from './check.ts'

const LIMITS = { blockMs: 10_000, untilMs: 10_000, stopMs: 5_000 }

/** A long-running command: prints a line, then waits for a signal (and exits on SIGINT). */
const SERVER = `node -e "console.log('up and listening'); process.on('SIGINT', () => process.exit(0)); setInterval(() => {}, 1000)"`

describe('the docs check, on a small repository of its own', () => {
  let repo: string
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'sluice-docs-check-test-'))
    await mkdir(join(repo, 'docs'))
    await writeFile(
      join(repo, 'docs', 'page.md'),
      [
        '```sh',
        'echo hello > made-here.txt',
        '```',
        '```sh',
        'test -f made-here.txt && echo "a later block sees the files an earlier one made"',
        '```',
        '```sh',
        'false',
        '```',
        '<!-- run-until: up and listening -->',
        '```sh',
        SERVER,
        '```',
        '<!-- run-until: never printed -->',
        '```sh',
        'echo bye',
        '```',
        '<!-- not-run: needs the moon -->',
        '```sh',
        'fly-to-the-moon',
        '```',
      ].join('\n'),
    )
  })
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true })
  })

  it('runs each block in a copy, in order, and reports each outcome with its place', async () => {
    const report = await checkDocs({ repo, files: ['docs/page.md'], limits: LIMITS })
    expect(report.problems).toEqual([])
    expect(report.results.map((r) => [r.block.line, r.status, r.message])).toEqual([
      [1, 'passed', undefined],
      [4, 'passed', undefined],
      [7, 'failed', 'exit 1'],
      [11, 'passed', undefined],
      [15, 'failed', 'exited (0) before printing "never printed"'],
      [19, 'not-run', 'needs the moon'],
    ])
    expect(processesIn('up and listening')).toEqual([])
    await expect(access(join(repo, 'made-here.txt'))).rejects.toThrow(/ENOENT/)
  }, 60_000)

  it('allows one serve-until block, and only as the first block that runs', async () => {
    await writeFile(
      join(repo, 'docs', 'served.md'),
      ['```sh', 'true', '```', '<!-- serve-until: up -->', '```sh', SERVER, '```'].join('\n'),
    )
    const { problems } = await collectBlocks(repo, ['docs/served.md'])
    expect(problems).toEqual([
      { file: 'docs/served.md', line: 5, message: 'only the first block that runs may be serve-until' },
    ])
  })
})
