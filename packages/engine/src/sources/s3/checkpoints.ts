import type { StateStore } from '../../runtime/contracts.ts'

/** What the source remembers about an object it is done with. */
export interface Checkpoint {
  readonly etag: string
  /** `read`: every record acked and kept; `failed`: it cannot be read (logged), so it is not retried. */
  readonly status: 'read' | 'failed'
  readonly at: string
  readonly code?: string
}

function isCheckpoint(value: unknown): value is Checkpoint {
  return (
    typeof value === 'object' &&
    value !== null &&
    'etag' in value &&
    typeof value.etag === 'string' &&
    'status' in value &&
    (value.status === 'read' || value.status === 'failed')
  )
}

/**
 * Durable per-object checkpoints in the workflow's state store, keyed by the source's workflow
 * node, bucket and key. An object whose ETag matches its checkpoint is skipped, so an object kept
 * (or tagged) in place is read once across restarts, and one that cannot be read is not read in a
 * loop; an object written again gets a new ETag and is read again.
 */
export class Checkpoints {
  private readonly state: StateStore
  private readonly scope: string

  constructor(state: StateStore, node: string) {
    this.state = state
    this.scope = `${node}:source.s3:`
  }

  /** How this version of the object ended before: `read`, `failed`, or `undefined` if it is new. */
  async status(
    bucket: string,
    key: string,
    etag: string | undefined,
  ): Promise<Checkpoint['status'] | undefined> {
    if (etag === undefined) return undefined
    const checkpoint = await this.get(bucket, key)
    return checkpoint?.etag === etag ? checkpoint.status : undefined
  }

  async get(bucket: string, key: string): Promise<Checkpoint | undefined> {
    const stored = await this.state.get(this.key(bucket, key))
    if (stored === undefined) return undefined
    try {
      const parsed: unknown = JSON.parse(stored)
      return isCheckpoint(parsed) ? parsed : undefined
    } catch {
      return undefined
    }
  }

  async mark(
    bucket: string,
    key: string,
    etag: string,
    status: Checkpoint['status'],
    code?: string,
  ): Promise<void> {
    const checkpoint: Checkpoint = {
      etag,
      status,
      at: new Date().toISOString(),
      ...(code === undefined ? {} : { code }),
    }
    await this.state.set(this.key(bucket, key), JSON.stringify(checkpoint))
  }

  async clear(bucket: string, key: string): Promise<void> {
    await this.state.delete(this.key(bucket, key))
  }

  private key(bucket: string, key: string): string {
    return `${this.scope}${bucket}/${key}`
  }
}
