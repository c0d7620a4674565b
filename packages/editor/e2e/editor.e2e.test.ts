import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from './support/api-client.ts'
import { type Browser, launchBrowser } from './support/browser.ts'
import { allowBrowserUploads } from './support/bucket-cors.ts'
import { type EngineNode, REPO, sendMessages, startEngineNode } from './support/engine-node.ts'
import { ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server.ts'
import {
  canvasNode,
  dragLink,
  dropFromPalette,
  field,
  fieldBlock,
  link,
  newAsset,
  screenshot,
} from './support/ui.ts'

/**
 * The editor end to end, in Chromium against a real config server and the local AWS stack: sign
 * in, make a connection whose external id is a secret and test it, make an SQS source and a
 * Kinesis sink through the forms and their live pickers, draw source → map → filter → sink, fix a
 * broken JSONata expression, save, deploy, and watch the operations view; the secret value never
 * reaches the page, an API answer or browser storage.
 */

const EXTERNAL_ID = `ext-${randomBytes(12).toString('hex')}`
const ROLE_ARN = 'arn:aws:iam::000000000000:role/e2e-role'

let aws: LocalAws
let server: TestServer
let browser: Browser
let node: EngineNode | undefined
let queueUrl = ''
const answers: string[] = []

describe('the editor in a browser', () => {
  beforeAll(async () => {
    aws = await startLocalAws({
      roles: { 'e2e-role': { externalId: EXTERNAL_ID, deniedActions: ['events:DescribeEventBus'] } },
    })
    const created = await createResources(aws, {
      queues: ['e2e-orders'],
      streams: ['e2e-clicks'],
      buckets: ['e2e-inbox'],
      buses: ['e2e-bus'],
    })
    queueUrl = created.queueUrls['e2e-orders'] ?? ''
    server = await startTestServer({
      files: {
        'resources/environments/local.yaml': `kind: resource.environment
name: local
description: The local AWS stack of this test.
spec:
  variables:
    ORDERS_QUEUE: e2e-orders
    CLICK_STREAM: e2e-clicks
`,
      },
    })
    browser = await launchBrowser()
    browser.page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`))
    browser.page.on('response', (response) => {
      const url = response.url()
      if (!url.includes('/api/') || url.includes('/api/operations/events')) return
      void response.text().then(
        (text) => answers.push(text),
        () => undefined,
      )
    })
  }, 180_000)

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(browser.page, `failed-${context.task.name.replace(/[^a-z0-9]+/gi, '-')}`, true)
  })

  afterAll(async () => {
    await node?.stop()
    if (node && process.env.SLUICE_E2E_VERBOSE) process.stdout.write(node.output())
    await browser?.close()
    await server?.close()
    await aws?.stop()
  }, 60_000)

  it('signs in', async () => {
    const { page } = browser
    await page.goto(server.url)
    await page.getByLabel('Username').fill('admin')
    await page.getByLabel('Password').fill(ADMIN_PASSWORD)
    await screenshot(page, '01-login')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Assets' }).waitFor()
    await expect(
      page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).count(),
    ).resolves.toBe(1)
  })

  it('stores a secret value write-only', async () => {
    const { page } = browser
    await page.getByRole('link', { name: 'Secrets' }).click()
    await page.getByRole('button', { name: 'New secret resource' }).click()
    await page.locator('#asset-name').fill('e2e-secrets')
    await page.getByRole('group', { name: 'Add a value' }).getByLabel('Key').fill('external-id')
    await page.getByRole('group', { name: 'Add a value' }).getByLabel('Value').fill(EXTERNAL_ID)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await page.getByRole('button', { name: 'Create' }).click()
    await page.getByRole('heading', { name: 'e2e-secrets' }).waitFor()
    await page.getByText('has value').first().waitFor()
    await screenshot(page, '02-secret')
  })

  it('makes a connection whose external id is the secret, and tests it', async () => {
    const { page } = browser
    await newAsset(page, 'AWS connection', 'e2e-aws')
    await field(page, 'region').fill('us-east-1')
    await field(page, 'accountId').fill('000000000000')
    await field(page, 'auth.mode').selectOption({ label: 'Assume role' })
    await field(page, 'auth.roleArn').fill(ROLE_ARN)
    const externalId = field(page, 'auth.externalId')
    await externalId.click()
    await externalId.pressSequentially('${sec:e2e')
    await page.getByRole('option', { name: /e2e-secrets\/external-id/ }).waitFor()
    await externalId.press('Enter')
    await expect(externalId.inputValue()).resolves.toBe('${sec:e2e-secrets/external-id}')
    await field(page, 'auth.source.mode').selectOption({ label: 'Access key' })
    await field(page, 'auth.source.accessKeyId').fill(aws.credentials.accessKeyId)
    const secretKey = fieldBlock(page, '/auth/source/secretAccessKey')
    await secretKey.getByRole('button', { name: 'Set value…' }).click()
    await secretKey.getByLabel('Secret resource').fill('e2e-secrets')
    await secretKey.getByLabel('Key').fill('secret-access-key')
    await secretKey.getByLabel('Value').fill(aws.credentials.secretAccessKey)
    await secretKey.getByRole('button', { name: 'Seal and use' }).click()
    await secretKey.getByText('Has value (e2e-secrets/secret-access-key)').waitFor()
    await page.getByText('Advanced (3)').last().click()
    await field(page, 'endpoints.sqs').fill(aws.endpoints.sqs)
    await field(page, 'endpoints.kinesis').fill(aws.endpoints.kinesis)
    await field(page, 'endpoints.sts').fill(aws.endpoints.sts)
    await field(page, 'endpoints.s3').fill(aws.endpoints.s3)
    await field(page, 'endpoints.eventbridge').fill(aws.endpoints.eventbridge)
    await field(page, 's3ForcePathStyle').selectOption({ label: 'Yes' })
    await page.getByRole('button', { name: 'Create' }).click()
    await page.getByRole('heading', { name: 'e2e-aws' }).waitFor()
    await page.getByRole('button', { name: 'Test connection' }).click()
    await expect(page.getByTestId('test-result').textContent({ timeout: 60_000 })).resolves.toContain(
      'Connected',
    )
    await page.getByRole('cell', { name: 'GetCallerIdentity' }).waitFor()
    await page.getByText('assumed-role/e2e-role').waitFor()
    await page.locator('.page-header .chip', { hasText: 'connected' }).waitFor()
    await screenshot(page, '03-connection-tested', true)
  })

  it('makes an SQS source with the queue picked from a live listing', async () => {
    const { page } = browser
    await newAsset(page, 'SQS source', 'e2e-orders')
    await field(page, 'connection').selectOption('e2e-aws')
    await page.getByRole('button', { name: 'Browse queues' }).click()
    const queue = page.getByRole('button', { name: /e2e-orders/ })
    await queue.waitFor({ timeout: 30_000 })
    await expect(queue.textContent()).resolves.toMatch(/\d+ messages/)
    await screenshot(page, '04-queue-picker', true)
    await queue.click()
    await expect(field(page, 'queue').inputValue()).resolves.toContain('e2e-orders')
    await field(page, 'bodyFormat').selectOption('json')
    await page.getByRole('button', { name: 'Create' }).click()
    await page.getByRole('heading', { name: 'e2e-orders' }).waitFor()
  })

  it('makes a Kinesis sink with the stream picked from a live listing', async () => {
    const { page } = browser
    await newAsset(page, 'Kinesis sink', 'e2e-clicks')
    await field(page, 'connection').selectOption('e2e-aws')
    await page.getByRole('button', { name: 'Browse streams' }).click()
    const stream = page.getByRole('button', { name: /e2e-clicks/ })
    await stream.waitFor({ timeout: 30_000 })
    await expect(stream.textContent()).resolves.toMatch(/2 shards/)
    await stream.click()
    await field(page, 'partitionKey').fill('${msg:body.customerId}')
    await page.getByRole('button', { name: 'Create' }).click()
    await page.getByRole('heading', { name: 'e2e-clicks' }).waitFor()
    await screenshot(page, '05-kinesis-sink', true)
  })

  it('names the IAM action a failing probe needs', async () => {
    const { page } = browser
    const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD)
    const created = await admin.request('POST', '/api/assets', {
      kind: 'sink.eventbridge',
      name: 'e2e-bus',
      spec: {
        connection: 'e2e-aws',
        eventBuses: ['e2e-bus'],
        source: 'e2e.orders',
        detailType: 'OrderPlaced',
      },
    })
    expect(created.status).toBe(201)
    await page.goto(`${server.url}/assets/sink.eventbridge/e2e-bus`)
    await page.getByRole('button', { name: 'Test connection' }).click()
    await expect(page.getByTestId('test-result').textContent({ timeout: 60_000 })).resolves.toContain(
      'Failing',
    )
    await page.locator('.missing-action', { hasText: 'events:DescribeEventBus' }).waitFor()
    await screenshot(page, '05b-test-failing', true)
  })

  it('draws source → map → filter → sink, refusing a cycle as it is dragged', async () => {
    const { page } = browser
    await newAsset(page, 'Workflow', '')
    await dropFromPalette(page, 'source.sqs', { x: 120, y: 200 })
    await dropFromPalette(page, 'map', { x: 360, y: 200 })
    await dropFromPalette(page, 'filter', { x: 600, y: 200 })
    await dropFromPalette(page, 'sink.kinesis', { x: 840, y: 200 })
    for (const id of ['e2e-orders', 'map', 'filter', 'e2e-clicks']) await canvasNode(page, id).waitFor()
    await link(page, 'e2e-orders', 'map')
    await link(page, 'map', 'filter')
    await link(page, 'filter', 'e2e-clicks')
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3)
    await dragLink(page, 'filter', 'map')
    await page.getByText(/Link refused: .*cycle/).waitFor()
    await page.mouse.up()
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3)
  })

  it('marks a bad JSONata expression inline and clears it once fixed', async () => {
    const { page } = browser
    await canvasNode(page, 'map').click()
    const expression = field(page, 'expression', 'node-map')
    await expression.fill('$merge([$, {')
    await fieldBlock(page, '/expression').getByRole('alert').first().waitFor()
    await expect(fieldBlock(page, '/expression').textContent()).resolves.toMatch(/at character \d+/)
    await expect.poll(() => canvasNode(page, 'map').locator('.step-invalid').count()).toBe(1)
    await page
      .getByRole('region', { name: 'Workflow issues' })
      .getByText(/map.*JSONata/)
      .waitFor()
    await screenshot(page, '06-canvas-jsonata-error')
    await expression.fill('$merge([$, { "total": $sum(items.(qty * price)) }])')
    await page.getByText('"total": 1280').waitFor()
    await expect.poll(() => canvasNode(page, 'map').locator('.step-invalid').count()).toBe(0)
    await canvasNode(page, 'filter').click()
    await field(page, 'expression', 'node-filter').fill('total >= 1000')
    await page.getByText('true: the message passes').waitFor()
  })

  it('copies, pastes, undoes, redoes and lays out on the canvas', async () => {
    const { page } = browser
    await canvasNode(page, 'filter').click()
    await canvasNode(page, 'e2e-clicks').click({ modifiers: ['Shift'] })
    await page.keyboard.press('Control+c')
    await page.keyboard.press('Control+v')
    await canvasNode(page, 'filter-2').waitFor()
    await canvasNode(page, 'e2e-clicks-2').waitFor()
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4)
    await page.getByRole('button', { name: 'Undo' }).click()
    await canvasNode(page, 'filter-2').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Redo' }).click()
    await canvasNode(page, 'filter-2').waitFor()
    await page.keyboard.press('Control+z')
    await canvasNode(page, 'filter-2').waitFor({ state: 'detached' })
    const before = await canvasNode(page, 'e2e-clicks').boundingBox()
    await page.getByRole('button', { name: 'Auto-layout' }).click()
    await expect
      .poll(async () => JSON.stringify(await canvasNode(page, 'e2e-clicks').boundingBox()))
      .not.toBe(JSON.stringify(before))
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4)
  })

  it('saves the workflow', async () => {
    const { page } = browser
    const workflowFields = page.locator('#asset-name')
    await expect
      .poll(
        async () => {
          await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
          return workflowFields.isVisible()
        },
        { timeout: 20_000, message: 'a click on empty canvas shows the workflow fields' },
      )
      .toBe(true)
    await workflowFields.fill('e2e-flow')
    await page.getByText('No issues: the workflow is valid.').waitFor()
    await page.getByRole('button', { name: 'Create' }).click()
    await page.waitForURL(/\/workflows\/e2e-flow$/)
    await page.getByRole('heading', { name: 'e2e-flow' }).waitFor()
    await expect.poll(() => page.getByText('Unsaved changes').count()).toBe(0)
    await screenshot(page, '07-canvas-saved')
  })

  it('deploys to a real engine node, showing placement by role and the IAM policy first', async () => {
    const { page } = browser
    const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD)
    const publicKeyPem = await readFile(join(REPO, 'examples', 'demo-keys', 'demo-cluster.pub'), 'utf8')
    expect((await admin.request('PUT', '/api/clusters/default', { publicKeyPem })).status).toBe(200)
    const made = await admin.request('POST', '/api/tokens', { name: 'e2e node', scopes: ['node:default'] })
    const token =
      typeof made.body === 'object' && made.body !== null ? Reflect.get(made.body, 'token') : undefined
    if (typeof token !== 'string') throw new Error(`no node token: ${JSON.stringify(made.body)}`)
    node = await startEngineNode({
      server: server.url,
      token,
      nodeId: 'e2e-node-1',
      roles: ['aws'],
      keyFile: join(REPO, 'examples', 'demo-keys', 'demo-cluster.key'),
    })
    await expect
      .poll(async () => JSON.stringify((await admin.request('GET', '/api/operations')).body), {
        timeout: 60_000,
      })
      .toContain('e2e-node-1')
    await page.getByRole('link', { name: 'Deployments' }).click()
    await page.getByRole('button', { name: 'New deployment…' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Deployment').fill('e2e')
    await dialog.getByRole('checkbox', { name: 'e2e-flow' }).check()
    await dialog.getByLabel('Add an environment').selectOption('local')
    await dialog.getByRole('checkbox', { name: 'e2e-secrets' }).check()
    await dialog.getByRole('cell', { name: 'e2e-node-1' }).waitFor()
    await dialog.getByText('kinesis:PutRecords').waitFor()
    await screenshot(page, '08-deploy-dialog')
    await dialog.getByRole('button', { name: 'Deploy' }).click()
    await dialog.getByText(/e2e version 1 is active/).waitFor({ timeout: 60_000 })
    await dialog.getByRole('cell', { name: 'placed' }).waitFor()
    await dialog.getByRole('button', { name: 'Done' }).click()
  })

  it('shows the node and the counts rising in the operations view as orders arrive', async () => {
    const { page } = browser
    await page.getByRole('link', { name: 'Operations' }).click()
    await page.getByRole('status').filter({ hasText: 'live' }).first().waitFor()
    const state = page.locator('[data-workflow="e2e-flow"] .chip').first()
    await expect.poll(async () => state.textContent().catch(() => ''), { timeout: 60_000 }).toBe('running')
    const order = (i: number) => ({
      orderId: `A-${i}`,
      customerId: `c-${i % 7}`,
      items: [{ sku: 'chair', qty: 2, price: 600 }],
    })
    await sendMessages(
      aws.endpoints.sqs,
      queueUrl,
      Array.from({ length: 40 }, (_, i) => order(i)),
    )
    const out = page.locator('[data-workflow="e2e-flow"] [data-counter="out"]')
    await expect.poll(async () => Number(await out.textContent()), { timeout: 60_000 }).toBeGreaterThan(0)
    await sendMessages(
      aws.endpoints.sqs,
      queueUrl,
      Array.from({ length: 40 }, (_, i) => order(100 + i)),
    )
    await expect.poll(async () => Number(await out.textContent()), { timeout: 60_000 }).toBe(80)
    await screenshot(page, '09-operations', true)
  }, 180_000)

  it("uploads a test object into an S3 source's bucket through a presigned PUT", async () => {
    const { page } = browser
    const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD)
    const created = await admin.request('POST', '/api/assets', {
      kind: 'source.s3',
      name: 'e2e-inbox',
      spec: { connection: 'e2e-aws', bucket: 'e2e-inbox', prefix: 'drops/', format: { type: 'ndjson' } },
    })
    expect(created.status).toBe(201)
    await allowBrowserUploads(page, aws.endpoints.s3)
    await page.goto(`${server.url}/assets/source.s3/e2e-inbox`)
    const zone = page.getByRole('region', { name: 'Upload test object' })
    await zone.getByLabel('File to upload', { exact: true }).setInputFiles({
      name: 'orders 1.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from('{"orderId":"A-1"}\n{"orderId":"A-2"}\n'.repeat(2000)),
    })
    await zone.getByText('Uploaded to s3://e2e-inbox/drops/orders-1.ndjson').waitFor({ timeout: 30_000 })
    await screenshot(page, '10-upload', true)
    const listing = await admin.request('GET', '/api/connections/e2e-aws/listings/prefixes?bucket=e2e-inbox')
    expect(JSON.stringify(listing.body)).toContain('drops/')
  })

  it('shows the admin pages', async () => {
    const { page } = browser
    await page.getByRole('link', { name: 'Environments' }).click()
    await page.getByRole('cell', { name: 'e2e-orders' }).waitFor()
    await screenshot(page, '11-environments')
    await page.getByRole('link', { name: 'Keys' }).click()
    await page.getByText('config server').first().waitFor()
    await screenshot(page, '12-keys', true)
    await page.getByRole('link', { name: 'Users' }).click()
    await page.getByRole('combobox', { name: 'Role of admin' }).waitFor()
    await screenshot(page, '13-users')
    await page.getByRole('link', { name: 'Tokens' }).click()
    await page.getByRole('cell', { name: 'e2e node' }).waitFor()
    await page.getByLabel('Name', { exact: true }).fill('ci')
    await page.getByRole('button', { name: 'Make token' }).click()
    const shown = page.getByRole('dialog', { name: 'Your new token' })
    await shown.getByText(/^sluice_/).waitFor()
    await screenshot(page, '14-token-once')
    await shown.getByRole('button', { name: 'Close' }).click()
    await page.getByRole('cell', { name: 'ci', exact: true }).waitFor()
    await expect.poll(() => page.getByText(/^sluice_/).count()).toBe(0)
    await page.getByRole('link', { name: 'Audit' }).click()
    await page.getByText('deployment.activate').waitFor()
    await screenshot(page, '15-audit', true)
  })

  it('never shows the secret value in the page, an API answer or browser storage', async () => {
    const { page } = browser
    for (const path of [
      '/secrets',
      '/assets/resource.secret/e2e-secrets',
      '/assets/connection.aws/e2e-aws',
      '/audit',
    ]) {
      await page.goto(`${server.url}${path}`)
      await page.waitForLoadState('networkidle')
      expect(await page.content()).not.toContain(EXTERNAL_ID)
      const inputs = await page.evaluate(() =>
        [...document.querySelectorAll('input, textarea')].map((e) =>
          e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement ? e.value : '',
        ),
      )
      expect(inputs.join('\n')).not.toContain(EXTERNAL_ID)
    }
    const storage = await page.evaluate(() =>
      JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }),
    )
    expect(storage).not.toContain(EXTERNAL_ID)
    expect(answers.length).toBeGreaterThan(20)
    expect(answers.filter((a) => a.includes(EXTERNAL_ID))).toEqual([])
  })
})
