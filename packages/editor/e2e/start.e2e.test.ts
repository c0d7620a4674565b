import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBanner } from '../../../scripts/start/banner.ts'
import { processesIn, readRecord } from '../../../scripts/start/run-record.ts'
import { type Browser, launchBrowser } from './support/browser.ts'
import { REPO } from './support/engine-node.ts'
import { screenshot, signInUi } from './support/ui.ts'

/**
 * `pnpm start` as a newcomer runs it: the real script, on free ports and a fresh data directory
 * (so a developer's own instance is left alone), until it prints the editor URL and the admin
 * login; then sign in with Chromium, open the operations view and watch the demo's counts rise
 * from its continuous traffic; then Ctrl-C (SIGINT) and check that every process it started is gone.
 */

let dataDir = ''
let start: ChildProcess | undefined
let output = ''
let browser: Browser | undefined

const exitOf = (child: ChildProcess, timeoutMs: number) =>
  new Promise<number | NodeJS.Signals | 'timeout'>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode ?? 'SIGKILL')
    const timer = setTimeout(() => resolve('timeout'), timeoutMs)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve(code ?? signal ?? 'SIGKILL')
    })
  })

async function waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const started = Date.now()
  for (;;) {
    const match = pattern.exec(output)
    if (match) return match
    if (start?.exitCode !== null) throw new Error(`pnpm start exited (${start?.exitCode}):\n${output}`)
    if (Date.now() - started > timeoutMs) throw new Error(`no ${pattern} after ${timeoutMs} ms:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe('pnpm start', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sluice-start-e2e-'))
    const env: NodeJS.ProcessEnv = { ...process.env, SLUICE_START_PORTS: '0', SLUICE_START_DATA: dataDir }
    delete env.SLUICE_ADMIN_PASSWORD
    start = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'scripts', 'start.ts')], {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const keep = (chunk: Buffer) => {
      output = `${output}${chunk.toString()}`.slice(-100_000)
    }
    start.stdout?.on('data', keep)
    start.stderr?.on('data', keep)
  })

  afterAll(async () => {
    await browser?.close()
    if (start && start.exitCode === null && start.signalCode === null) {
      start.kill('SIGINT')
      if ((await exitOf(start, 40_000)) === 'timeout') start.kill('SIGKILL')
    }
    for (const line of dataDir === '' ? [] : processesIn(dataDir)) {
      const pid = Number(line.trim().split(' ')[0])
      if (Number.isInteger(pid)) process.kill(pid, 'SIGKILL')
    }
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true })
    if (process.env.SLUICE_E2E_VERBOSE) process.stdout.write(output)
  }, 60_000)

  it('reaches a working editor with the demo running and its counts rising; Ctrl-C leaves nothing behind', async () => {
    const began = Date.now()
    await waitForOutput(/Sluice is running/, 150_000)
    const readyMs = Date.now() - began
    const reading = readBanner(output)
    if (!reading) throw new Error(`the banner does not read:\n${output}`)
    const { url, password, metricsUrl } = reading
    expect(password).toBe((await readFile(join(dataDir, 'admin-password'), 'utf8')).trim())
    expect(await (await fetch(metricsUrl ?? 'http://127.0.0.1:1')).text()).toContain(
      'sluice_workflow_in_total{deployment="demo"',
    )
    const record = await readRecord(dataDir)
    expect(record?.start).toBe(start?.pid)
    expect(record?.children.map((c) => c.name).sort()).toEqual(['config-server', 'engine-node'])
    const pids = [record?.start, ...(record?.children ?? []).map((c) => c.pid)]

    browser = await launchBrowser()
    const { page } = browser
    await signInUi(page, url, 'admin', password)
    await page.getByRole('link', { name: 'Operations' }).click()
    await page.getByRole('status').filter({ hasText: 'live' }).first().waitFor()
    const orders = page.locator('[data-workflow="orders-fanout"]')
    await expect
      .poll(async () => orders.locator('.chip').first().textContent(), { timeout: 30_000 })
      .toBe('running')
    const out = orders.locator('[data-counter="out"]')
    await expect.poll(async () => Number(await out.textContent()), { timeout: 30_000 }).toBeGreaterThan(0)
    const first = Number(await out.textContent())
    await expect
      .poll(async () => Number(await out.textContent()), { timeout: 30_000 })
      .toBeGreaterThan(first + 2)
    const invoices = page.locator('[data-workflow="invoices-archive"] [data-counter="in"]')
    await expect
      .poll(async () => Number(await invoices.textContent()), { timeout: 30_000 })
      .toBeGreaterThan(0)
    await screenshot(page, 'start-operations', true)
    await browser.close()
    browser = undefined

    const signalled = Date.now()
    start?.kill('SIGINT')
    expect(await exitOf(start ?? spawn('true'), 40_000)).toBe(0)
    const stopMs = Date.now() - signalled
    expect(output).toContain('Stopped; nothing left running.')
    expect(output).toContain('engine-node exited (0)')
    expect(output).toContain('config-server exited (0)')
    for (const pid of pids) expect(() => process.kill(Number(pid), 0)).toThrow(/ESRCH/)
    expect(processesIn(dataDir)).toEqual([])
    process.stdout.write(`pnpm start: ready in ${readyMs} ms, stopped in ${stopMs} ms\n`)
  }, 240_000)
})
