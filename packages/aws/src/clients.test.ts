import { KinesisClient } from '@aws-sdk/client-kinesis'
import { describe, expect, it } from 'vitest'
import { createAwsClients, SDK_LOGGER_MIDDLEWARE } from './clients.ts'
import type { ConnectionSpec } from './connection-spec.ts'

const connection: ConnectionSpec = {
  region: 'eu-central-1',
  auth: { mode: 'none' },
  endpoints: { all: 'http://127.0.0.1:9' },
  s3ForcePathStyle: true,
  timeoutMs: 1_000,
}

const hasLogger = (stack: { identify(): string[] }) =>
  stack.identify().some((entry) => entry.startsWith(`${SDK_LOGGER_MIDDLEWARE} `))

describe('createAwsClients', () => {
  it('names the logger middleware that a plain SDK client carries', () => {
    const plain = new KinesisClient({ region: 'eu-central-1' })
    expect(hasLogger(plain.middlewareStack)).toBe(true)
    plain.destroy()
  })

  it('makes every client without the SDK logger middleware', () => {
    const clients = createAwsClients(connection)
    const made = [
      clients.s3(),
      clients.sqs(),
      clients.sns(),
      clients.kinesis(),
      clients.eventBridge(),
      clients.sts(),
    ]
    expect(made.map((client) => hasLogger(client.middlewareStack))).toEqual(made.map(() => false))
    clients.destroy()
  })
})
