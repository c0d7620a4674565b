import { describe, expect, it } from 'vitest'
import { createAwsClients } from './clients.ts'
import type { ConnectionAuth } from './connection-spec.ts'
import { presignPut } from './presign.ts'

function clients(
  auth: ConnectionAuth = { mode: 'accessKey', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
) {
  return createAwsClients({
    region: 'eu-central-1',
    auth,
    endpoints: {},
    s3ForcePathStyle: false,
    timeoutMs: 1_000,
  })
}

describe('presignPut', () => {
  it('signs a PUT URL without a checksum of the empty body, valid for the time asked', async () => {
    const before = Date.now()
    const put = await presignPut(clients(), {
      bucket: 'uploads',
      key: 'in/report 1.csv',
      contentType: 'text/csv',
      expiresInSeconds: 600,
    })
    const url = new URL(put.url)
    expect(url.host).toBe('uploads.s3.eu-central-1.amazonaws.com')
    expect(url.pathname).toBe('/in/report%201.csv')
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600')
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-central-1\/s3\/aws4_request$/,
    )
    expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().includes('checksum'))).toEqual([])
    expect(put.headers).toEqual({ 'content-type': 'text/csv' })
    const expires = Date.parse(put.expiresAt) - before
    expect(expires).toBeGreaterThanOrEqual(600_000)
    expect(expires).toBeLessThan(610_000)
  })

  it('refuses more than 900 seconds, and anonymous connections', async () => {
    await expect(
      presignPut(clients(), { bucket: 'b', key: 'k', expiresInSeconds: 901 }),
    ).rejects.toMatchObject({
      code: 'aws.invalid-request',
    })
    await expect(presignPut(clients(), { bucket: 'b', key: 'k', expiresInSeconds: 0 })).rejects.toMatchObject(
      {
        code: 'aws.invalid-request',
      },
    )
    await expect(
      presignPut(clients({ mode: 'none' }), { bucket: 'b', key: 'k', expiresInSeconds: 60 }),
    ).rejects.toMatchObject({ code: 'aws.anonymous' })
  })
})
