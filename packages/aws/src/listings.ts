import type { Listing, ListingKind } from '@sluice/assets'
import type { AwsClients } from './clients.ts'

/** Narrows a listing: `prefixes` needs a bucket; `prefix` lists below it. */
export interface ListingQuery {
  bucket?: string
  prefix?: string
  /** At most this many items (default 200). */
  limit?: number
}

/**
 * A live listing for the editor's pickers, with counts (messages in a queue, shards of a stream,
 * objects under a prefix). Throws an `AwsCallError` with the IAM action on failure; bounded by `timeoutMs`.
 */
export async function listResources(
  _kind: ListingKind,
  _clients: AwsClients,
  _query: ListingQuery,
  _options: { timeoutMs: number },
): Promise<Listing> {
  throw new Error('listResources: implemented by the @sluice/aws issue work')
}
