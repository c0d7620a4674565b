import type { ConnectionSpec } from '@sluice/aws'
import { describe, expect, it } from 'vitest'
import { fakeAwsClients } from '../../testing/fake-aws-clients.ts'
import { ClientPool } from './client-pool.ts'

const connection = (region: string): ConnectionSpec => ({
  region,
  auth: { mode: 'none' },
  endpoints: {},
  s3ForcePathStyle: false,
  timeoutMs: 30_000,
})

describe('ClientPool', () => {
  it('shares one set of clients per connection and destroys it after the last release', () => {
    const made: ReturnType<typeof fakeAwsClients>[] = []
    const options: unknown[] = []
    const pool = new ClientPool({
      allowAmbient: false,
      factory: (_spec, given) => {
        options.push(given)
        const clients = fakeAwsClients()
        made.push(clients)
        return clients
      },
    })
    const connections = new Map([['main', connection('eu-west-1')]])
    const a = pool.acquire('main', connections)
    const b = pool.acquire('main', connections)
    expect(made).toHaveLength(1)
    expect(a.clients).toBe(b.clients)
    expect(options[0]).toMatchObject({ allowAmbient: false, maxAttempts: 1 })
    pool.release(a.key)
    expect(made[0]?.destroyed).toBe(false)
    pool.release(b.key)
    expect(made[0]?.destroyed).toBe(true)
    expect(pool.size).toBe(0)
  })

  it('makes new clients when a connection resolves differently', () => {
    const pool = new ClientPool({ factory: () => fakeAwsClients() })
    const first = pool.acquire('main', new Map([['main', connection('eu-west-1')]]))
    const second = pool.acquire('main', new Map([['main', connection('us-east-1')]]))
    expect(first.clients).not.toBe(second.clients)
    expect(pool.size).toBe(2)
  })

  it('resolves chained connections through the ones given', () => {
    let lookup: ((name: string) => ConnectionSpec | undefined) | undefined
    const pool = new ClientPool({
      factory: (_spec, options) => {
        lookup = options.connection
        return fakeAwsClients()
      },
    })
    const base = connection('eu-west-1')
    pool.acquire(
      'main',
      new Map([
        ['main', connection('eu-west-1')],
        ['base', base],
      ]),
    )
    expect(lookup?.('base')).toBe(base)
    expect(lookup?.('other')).toBeUndefined()
  })
})
