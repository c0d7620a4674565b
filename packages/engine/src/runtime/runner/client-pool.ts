import { createHash } from 'node:crypto'
import { type AwsClientOptions, type AwsClients, type ConnectionSpec, createAwsClients } from '@sluice/aws'

interface Pooled {
  clients: AwsClients
  users: number
}

/** Makes clients for a connection; injectable so unit tests use fakes. */
export type ClientFactory = (connection: ConnectionSpec, options: AwsClientOptions) => AwsClients

/**
 * The AWS clients of an engine node, one set per connection (by name and resolved settings) and
 * shared by every component and workflow that uses it, so credentials are cached once. Clients are
 * destroyed when their last user releases them.
 */
export class ClientPool {
  private readonly pooled = new Map<string, Pooled>()
  private readonly factory: ClientFactory
  private readonly allowAmbient: boolean

  constructor(options: { allowAmbient?: boolean; factory?: ClientFactory } = {}) {
    this.factory = options.factory ?? createAwsClients
    this.allowAmbient = options.allowAmbient ?? true
  }

  /**
   * The clients of `name`; `connections` resolves chained connections (assume-role sources).
   * `allowAmbient` false (the cluster's switch) forbids ambient identities even where the pool
   * allows them; the pool's own refusal always wins. Throws what `createAwsClients` throws
   * (`AwsConfigError`) for a connection it cannot serve.
   */
  acquire(
    name: string,
    connections: ReadonlyMap<string, ConnectionSpec>,
    allowAmbient = true,
  ): { key: string; clients: AwsClients } {
    const spec = connections.get(name)
    if (!spec) throw new RangeError(`connection "${name}" was not resolved`)
    const ambient = this.allowAmbient && allowAmbient
    const digest = createHash('sha256').update(JSON.stringify(spec)).digest('base64url')
    const key = `${name}#${digest}#${ambient ? 'ambient' : 'no-ambient'}`
    let entry = this.pooled.get(key)
    if (!entry) {
      const clients = this.factory(spec, {
        allowAmbient: ambient,
        connection: (other) => connections.get(other),
        maxAttempts: 1,
      })
      entry = { clients, users: 0 }
      this.pooled.set(key, entry)
    }
    entry.users += 1
    return { key, clients: entry.clients }
  }

  /** Gives back clients taken with `acquire`. */
  release(key: string): void {
    const entry = this.pooled.get(key)
    if (!entry) return
    entry.users -= 1
    if (entry.users > 0) return
    this.pooled.delete(key)
    entry.clients.destroy()
  }

  /** Connections with clients alive now. */
  get size(): number {
    return this.pooled.size
  }
}
