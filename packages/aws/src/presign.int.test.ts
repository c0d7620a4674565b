import { GetObjectCommand } from '@aws-sdk/client-s3'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AwsClients, createAwsClients } from './clients.ts'
import { presignPut } from './presign.ts'
import { localConnection } from './testing/local-connection.ts'

let aws: LocalAws
let clients: AwsClients

beforeAll(async () => {
  aws = await startLocalAws()
  await createResources(aws, { buckets: ['uploads'] })
  clients = createAwsClients(localConnection(aws))
}, 60_000)

afterAll(async () => {
  clients?.destroy()
  await aws?.stop()
})

describe('presignPut against fauxqs', () => {
  it('lets a plain fetch PUT a file that S3 then serves back', async () => {
    const file = Buffer.from(
      `id,amount\n${Array.from({ length: 500 }, (_, i) => `${i},${i * 3}`).join('\n')}\n`,
    )
    const put = await presignPut(clients, {
      bucket: 'uploads',
      key: 'incoming/upload 1.csv',
      contentType: 'text/csv',
      expiresInSeconds: 300,
    })
    const response = await fetch(put.url, { method: 'PUT', headers: put.headers, body: file })
    expect(response.status).toBe(200)
    const stored = await clients
      .s3()
      .send(new GetObjectCommand({ Bucket: 'uploads', Key: 'incoming/upload 1.csv' }))
    expect(stored.ContentType).toBe('text/csv')
    expect(Buffer.from((await stored.Body?.transformToByteArray()) ?? [])).toEqual(file)
  })
})
