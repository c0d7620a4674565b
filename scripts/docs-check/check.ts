import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { signIn } from '../../packages/editor/e2e/support/api-client.ts'
import { readBanner } from '../start/banner.ts'
import { pointAtStack } from '../start/project.ts'
import { type BlockProblem, type ShellBlock, shellBlocks } from './blocks.ts'
import {
  type BlockProcess,
  type BlockResult,
  LIMITS,
  type Limits,
  runPlain,
  startUntil,
  stopServed,
  stopUntil,
} from './runner.ts'
import { cleanEnv, docFiles, freshCopy, REPO } from './sandbox.ts'

/** What the check found: every block's result and every refused block or marker. */
export interface DocsReport {
  results: BlockResult[]
  problems: BlockProblem[]
}

/** Options of {@link checkDocs}; tests point it at a small repository of their own. */
export interface CheckOptions {
  repo?: string
  files?: string[]
  log?: (line: string) => void
  limits?: Limits
  /** Keep the copy the commands ran in (for a look afterwards). */
  keep?: boolean
}

/** Reads every checked file and collects its blocks and problems, in run order. */
export async function collectBlocks(
  repo: string,
  files: readonly string[],
): Promise<{ blocks: ShellBlock[]; problems: BlockProblem[] }> {
  const blocks: ShellBlock[] = []
  const problems: BlockProblem[] = []
  for (const file of files) {
    const found = shellBlocks(file, await readFile(join(repo, file), 'utf8'))
    blocks.push(...found.blocks)
    problems.push(...found.problems)
  }
  const served = blocks.filter((b) => b.mode.kind === 'serve-until')
  const firstRun = blocks.find((b) => b.mode.kind !== 'not-run')
  for (const block of served)
    if (block !== firstRun || served.length > 1)
      problems.push({
        file: block.file,
        line: block.line,
        message: 'only the first block that runs may be serve-until',
      })
  return { blocks, problems }
}

/**
 * What the blocks after the served `pnpm start` get: its URL, an admin API token and its metrics
 * URL; and the copy's `examples/demo` pointed at its local AWS stack, which runs on free ports.
 */
async function fixture(output: string, dir: string): Promise<Record<string, string>> {
  const banner = readBanner(output)
  if (!banner) throw new Error('the served block printed no pnpm start banner')
  await pointAtStack(join(dir, 'examples', 'demo'), banner.endpoints)
  const admin = await signIn(banner.url, 'admin', banner.password)
  const made = await admin.request('POST', '/api/tokens', { name: 'docs-check', scopes: ['api'] })
  const token: unknown =
    typeof made.body === 'object' && made.body !== null ? Reflect.get(made.body, 'token') : undefined
  if (typeof token !== 'string') throw new Error(`no API token: ${made.status} ${JSON.stringify(made.body)}`)
  return {
    SLUICE_URL: banner.url,
    SLUICE_API_TOKEN: token,
    ...(banner.metricsUrl === undefined ? {} : { SLUICE_METRICS_URL: banner.metricsUrl }),
  }
}

const where = (block: ShellBlock) => `${block.file}:${block.line}`

/**
 * Runs every ```sh block of the docs in order, in a fresh copy of the repository, as the docs
 * describe (see docs/README.md): plain blocks must exit 0, long-running ones must print their text
 * and end on SIGINT, and the served `pnpm start` stays up for the others.
 */
export async function checkDocs(options: CheckOptions = {}): Promise<DocsReport> {
  const repo = options.repo ?? REPO
  const log = options.log ?? (() => undefined)
  const limits = options.limits ?? LIMITS
  const { blocks, problems } = await collectBlocks(repo, options.files ?? (await docFiles(repo)))
  for (const p of problems) log(`✗ ${p.file}:${p.line}: ${p.message}`)
  const dir = await freshCopy(repo)
  log(`  running ${blocks.length} blocks in ${dir}`)
  let env = cleanEnv({ SLUICE_START_PORTS: '0' })
  const results: BlockResult[] = []
  let served: { block: ShellBlock; running: { run: BlockProcess; started: number } } | undefined
  const record = (result: BlockResult) => {
    results.push(result)
    const seconds = (result.ms / 1000).toFixed(1)
    if (result.status === 'passed') log(`✓ ${where(result.block)} (${seconds} s)`)
    else if (result.status === 'not-run') log(`- ${where(result.block)} not run: ${result.message}`)
    else log(`✗ ${where(result.block)}: ${result.message}\n${result.output ?? ''}`)
  }
  try {
    for (const block of blocks) {
      const mode = block.mode
      if (mode.kind === 'not-run') record({ block, status: 'not-run', ms: 0, message: mode.reason })
      else if (mode.kind === 'run') record(await runPlain(block, dir, env, limits))
      else {
        const running = await startUntil(block, mode.text, dir, env, limits)
        if ('status' in running) {
          record(running)
          continue
        }
        if (mode.kind === 'run-until') record(await stopUntil(block, running, limits))
        else {
          served = { block, running }
          log(
            `  ${where(block)} is up (${((Date.now() - running.started) / 1000).toFixed(1)} s); the blocks below run against it`,
          )
          env = { ...env, ...(await fixture(running.run.output(), dir)) }
        }
      }
    }
  } finally {
    if (served) record(await stopServed(served.block, served.running, dir, limits))
    if (!options.keep) await rm(dir, { recursive: true, force: true })
  }
  return { results, problems }
}
