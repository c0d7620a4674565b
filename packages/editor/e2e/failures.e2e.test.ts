import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bigWorkflowYaml, CHAIN_NODES } from './fixtures/big-workflow.ts'
import { type ApiSession, signIn } from './support/api-client.ts'
import { type Browser, launchBrowser } from './support/browser.ts'
import { ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server.ts'
import { canvasNode, field, fieldBlock, SCREENSHOTS, screenshot, signInUi } from './support/ui.ts'

/**
 * The editor when things go wrong, and at size: a 300-node workflow opens fast; a version conflict,
 * a refused save (422), an expired session, an unreachable or slow server and a file edited on
 * disk each give a clear message and lose nothing typed; a viewer cannot change anything.
 */

const PROJECT = {
  'connections/aws.yaml': `kind: connection.aws
name: aws
spec:
  region: eu-central-1
  accountId: "123456789012"
  auth: { mode: defaultChain }
`,
  'sources/orders.yaml': `kind: source.sqs
name: orders
spec:
  connection: aws
  queue: orders
`,
  'sinks/audit.yaml': `kind: sink.sqs
name: audit
spec:
  connection: aws
  queue: audit
`,
  'workflows/small.yaml': `kind: workflow
name: small
description: Orders to the audit queue.
spec:
  nodes:
    - { id: in, type: source, asset: orders, position: { x: 0, y: 0 } }
    - { id: out, type: sink, asset: audit, position: { x: 300, y: 0 } }
  links:
    - { from: in, to: out }
`,
  'workflows/big.yaml': bigWorkflowYaml('big', 50),
}

let server: TestServer
let browser: Browser
let admin: ApiSession
const measurements: Record<string, number> = {}

async function readWorkflow(): Promise<string> {
  return readFile(join(server.projectDir, 'workflows', 'small.yaml'), 'utf8')
}

describe('the editor when things go wrong, and at size', () => {
  beforeAll(async () => {
    server = await startTestServer({ files: PROJECT })
    admin = await signIn(server.url, 'admin', ADMIN_PASSWORD)
    browser = await launchBrowser()
    browser.page.on('dialog', (dialog) => void dialog.accept())
    await signInUi(browser.page, server.url, 'admin', ADMIN_PASSWORD)
  }, 180_000)

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(browser.page, `failed-${context.task.name.replace(/[^a-z0-9]+/gi, '-')}`, true)
  })

  afterAll(async () => {
    if (Object.keys(measurements).length > 0)
      await writeFile(join(SCREENSHOTS, 'measurements.json'), `${JSON.stringify(measurements, null, 2)}\n`)
    await browser?.close()
    await server?.close()
  }, 60_000)

  it(`opens a ${50 * CHAIN_NODES}-node workflow and reports the time to first render`, async () => {
    const { page } = browser
    await page.goto(`${server.url}/assets?kind=workflow`)
    await page.getByRole('link', { name: 'big' }).waitFor()
    const started = Date.now()
    await page.getByRole('link', { name: 'big' }).click()
    await page.waitForFunction(
      () => performance.getEntriesByName('sluice:workflow-ready').length > 0,
      undefined,
      {
        timeout: 60_000,
      },
    )
    measurements.clickToReadyMs = Date.now() - started
    measurements.openToReadyMs = await page.evaluate(() => {
      const open = performance.getEntriesByName('sluice:workflow-open').at(-1)
      const ready = performance.getEntriesByName('sluice:workflow-ready').at(-1)
      return open && ready ? Math.round(ready.startTime - open.startTime) : -1
    })
    await page.getByText('valid', { exact: true }).waitFor()
    measurements.renderedNodes = await page.locator('.react-flow__node').count()
    const reload = Date.now()
    await page.reload()
    await page.waitForFunction(
      () => performance.getEntriesByName('sluice:workflow-ready').length > 0,
      undefined,
      {
        timeout: 60_000,
      },
    )
    measurements.pageLoadToReadyMs = Date.now() - reload
    await screenshot(page, '20-canvas-300-nodes')
    for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: 'Zoom In' }).click()
    await screenshot(page, '20b-canvas-300-nodes-zoomed')
    process.stdout.write(`300-node workflow: ${JSON.stringify(measurements)}\n`)
    expect(measurements.openToReadyMs).toBeGreaterThan(0)
    expect(measurements.clickToReadyMs).toBeLessThan(20_000)
    expect(measurements.renderedNodes).toBeGreaterThan(0)
  })

  it('shows a version conflict on save and overwrites only when asked', async () => {
    const { page } = browser
    await page.goto(`${server.url}/workflows/small`)
    await canvasNode(page, 'in').waitFor()
    await page.locator('#asset-description').fill('Mine: orders to audit.')
    const theirs = await admin.request('PUT', '/api/assets/workflow/small', {
      description: 'Theirs.',
      spec: {
        nodes: [
          { id: 'in', type: 'source', asset: 'orders' },
          { id: 'out', type: 'sink', asset: 'audit' },
        ],
        links: [{ from: 'in', to: 'out' }],
      },
    })
    expect(theirs.status).toBe(200)
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Someone else changed this' })
    await dialog.waitFor()
    await screenshot(page, '21-conflict')
    await expect(page.locator('#asset-description').inputValue()).resolves.toBe('Mine: orders to audit.')
    await dialog.getByRole('button', { name: 'Overwrite with mine' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(readWorkflow).toContain('Mine: orders to audit.')
  })

  it('shows the issues of a refused save (422) at their fields', async () => {
    const { page } = browser
    await page.goto(`${server.url}/assets/connection.aws/aws`)
    await field(page, 'region').fill('Europe (Frankfurt)')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor()
    await fieldBlock(page, '/region').locator('.field-issue').first().waitFor()
    await expect(field(page, 'region').getAttribute('aria-invalid')).resolves.toBe('true')
    await screenshot(page, '22-refused-save', true)
    await field(page, 'region').fill('eu-west-1')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' })
  })

  it('asks to sign in again when the session expires, keeping the edit', async () => {
    const { page, context } = browser
    await page.goto(`${server.url}/assets/sink.sqs/audit`)
    await page.locator('#asset-description').fill('Typed before the session expired.')
    await context.clearCookies()
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Your session has expired' })
    await dialog.waitFor()
    await screenshot(page, '23-session-expired')
    await dialog.getByLabel('Password').fill(ADMIN_PASSWORD)
    await dialog.getByRole('button', { name: 'Sign in' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect(page.locator('#asset-description').inputValue()).resolves.toBe(
      'Typed before the session expired.',
    )
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' })
    await expect(admin.request('GET', '/api/assets/sink.sqs/audit')).resolves.toMatchObject({
      body: { description: 'Typed before the session expired.' },
    })
  })

  it('says when the server is slow or unreachable, and keeps the edit', async () => {
    const { page } = browser
    await page.goto(`${server.url}/assets/source.sqs/orders`)
    await page.locator('#asset-description').fill('Kept while the server was away.')
    await page.route('**/api/assets/**', (route) => route.abort('connectionrefused'))
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByRole('alert').filter({ hasText: 'cannot be reached' }).first().waitFor()
    await screenshot(page, '24-server-unreachable')
    await expect(page.locator('#asset-description').inputValue()).resolves.toBe(
      'Kept while the server was away.',
    )
    await page.unroute('**/api/assets/**')
    await page.route('**/api/assets/**', async (route) => {
      if (route.request().method() === 'PUT') await new Promise((resolve) => setTimeout(resolve, 4500))
      await route.continue().catch(() => undefined)
    })
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByRole('status').filter({ hasText: 'slow to answer' }).waitFor()
    await page.getByText('Unsaved changes').waitFor({ state: 'detached', timeout: 30_000 })
    await page.unroute('**/api/assets/**')
  })

  it('notices a workflow file edited on disk while it is open', async () => {
    const { page } = browser
    await page.goto(`${server.url}/workflows/small`)
    await canvasNode(page, 'out').waitFor()
    await writeFile(
      join(server.projectDir, 'workflows', 'small.yaml'),
      `kind: workflow
name: small
description: Edited on disk.
spec:
  nodes:
    - { id: in, type: source, asset: orders, position: { x: 0, y: 0 } }
    - { id: out, type: sink, asset: audit, position: { x: 300, y: 0 } }
    - { id: audit-copy, type: sink, asset: audit, position: { x: 300, y: 150 } }
  links:
    - { from: in, to: out }
    - { from: in, to: audit-copy }
`,
    )
    const banner = page.getByRole('alert').filter({ hasText: 'changed elsewhere' })
    await banner.waitFor({ timeout: 30_000 })
    await screenshot(page, '25-changed-on-disk')
    await banner.getByRole('button', { name: 'Load the new version' }).click()
    await canvasNode(page, 'audit-copy').waitFor()
  })

  it('lists a project file it cannot read, after a reload from disk', async () => {
    const { page } = browser
    await writeFile(
      join(server.projectDir, 'sinks', 'broken.yaml'),
      'kind: sink.sqs\nname: broken\nspec: [unclosed\n',
    )
    await page.goto(`${server.url}/assets`)
    await page.getByRole('button', { name: 'Reload from disk' }).click()
    const problems = page.getByRole('region', { name: 'Files that could not be read' })
    await problems.getByText('sinks/broken.yaml').waitFor({ timeout: 30_000 })
    await screenshot(page, '26-unreadable-file')
  })

  it('lets a viewer look but not change', async () => {
    const { page } = browser
    expect(
      (
        await admin.request('POST', '/api/users', {
          username: 'vera',
          role: 'viewer',
          password: 'viewer-password-01',
        })
      ).status,
    ).toBe(201)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await signInUi(page, server.url, 'vera', 'viewer-password-01')
    await expect(page.getByLabel('Create an asset of kind').count()).resolves.toBe(0)
    await expect(page.getByRole('link', { name: 'Users' }).count()).resolves.toBe(0)
    await page.goto(`${server.url}/assets/connection.aws/aws`)
    await field(page, 'region').waitFor()
    await expect(page.getByRole('button', { name: 'Save', exact: true }).count()).resolves.toBe(0)
    await expect(field(page, 'region').getAttribute('readonly')).resolves.not.toBeNull()
    await page.goto(`${server.url}/workflows/small`)
    await canvasNode(page, 'in').waitFor()
    await expect(page.getByRole('button', { name: 'Map' }).isDisabled()).resolves.toBe(true)
  })
})
