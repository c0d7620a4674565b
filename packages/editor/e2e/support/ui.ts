import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'

export const SCREENSHOTS = join(import.meta.dirname, '..', 'screenshots')

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  await page.screenshot({ path, fullPage })
  return path
}

export async function signInUi(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(baseUrl)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Assets' }).waitFor()
}

/** The input of a generated form field, by its path inside the spec (`auth.roleArn`). */
export function field(page: Page, path: string, prefix = 'spec'): Locator {
  return page.locator(`[id="${prefix}-${path}"]`)
}

/** The block of a generated form field (label, input, issues), by its JSON pointer (`/auth/roleArn`). */
export function fieldBlock(page: Page, pointer: string): Locator {
  return page.locator(`[data-field="${pointer}"]`)
}

export async function newAsset(page: Page, kindTitle: string, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assets' }).click()
  await page.getByLabel('Create an asset of kind').selectOption({ label: kindTitle })
  await page.getByRole('heading', { name: `New ${kindTitle}` }).waitFor()
  if (kindTitle !== 'Workflow') await page.locator('#asset-name').fill(name)
}

/** A canvas node by its workflow node id. */
export function canvasNode(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`)
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('the element is not visible')
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** Presses on an output port and moves onto a node's input, leaving the mouse down. */
export async function dragLink(page: Page, from: string, to: string, port = 'out'): Promise<void> {
  const start = await centre(canvasNode(page, from).locator(`.react-flow__handle[data-handleid="${port}"]`))
  const end = await centre(canvasNode(page, to).locator('.react-flow__handle[data-handleid="in"]'))
  await page.mouse.move(start.x, start.y)
  await page.mouse.down()
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 })
  await page.mouse.move(end.x, end.y, { steps: 5 })
}

/** Draws a link and waits for its edge to be drawn. */
export async function link(page: Page, from: string, to: string, port = 'out'): Promise<void> {
  await dragLink(page, from, to, port)
  await page.mouse.up()
  await page
    .locator(`.react-flow__edge[data-id="${from}:${port}->${to}"]`)
    .waitFor({ state: 'attached', timeout: 10_000 })
}

/** Drags a palette entry onto the canvas at a point relative to the canvas' top-left corner. */
export async function dropFromPalette(
  page: Page,
  entry: string,
  at: { x: number; y: number },
): Promise<void> {
  await page
    .locator(`[data-palette="${entry}"]`)
    .dragTo(page.locator('.canvas .react-flow__pane'), { targetPosition: at })
}
