import type { Page } from 'playwright-core'

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'PUT, GET, HEAD',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': 'etag',
}

/**
 * The local S3 has no CORS rules, which a real bucket needs for browser uploads (the server's
 * README says so). This answers the browser's preflight and adds the headers such a rule would,
 * passing each request on to the local S3 unchanged.
 */
export async function allowBrowserUploads(page: Page, s3Endpoint: string): Promise<void> {
  await page.route(`${s3Endpoint}/**`, async (route) => {
    if (route.request().method() === 'OPTIONS') {
      await route.fulfill({ status: 200, headers: CORS })
      return
    }
    const response = await route.fetch()
    await route.fulfill({ response, headers: { ...response.headers(), ...CORS } })
  })
}
