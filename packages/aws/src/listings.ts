import type { Listing, ListingItem, ListingKind } from '@sluice/assets'
import { type AwsCalls, IAM_ACTIONS, type Page, sdkCalls } from './aws-calls.ts'
import { toAwsCallError } from './aws-failure.ts'
import type { AwsClients } from './clients.ts'
import { type Deadline, startDeadline } from './deadline.ts'
import { AwsCallError } from './errors.ts'

/** Narrows a listing: `prefixes` needs a bucket; `prefix` lists below it (or filters names). */
export interface ListingQuery {
  bucket?: string
  prefix?: string
  /** At most this many items (default 200, at most 1000). */
  limit?: number
}

/** Limits of one listing. */
export interface ListingOptions {
  timeoutMs: number
  signal?: AbortSignal
}

const MAX_PAGES = 50
const COUNT_CONCURRENCY = 8

interface Run {
  calls: AwsCalls
  deadline: Deadline
  limit: number
  prefix: string
}

/** Calls `call` through the deadline; a failure becomes an `AwsCallError` naming the IAM action. */
async function attempt<T>(
  run: Run,
  what: string,
  call: keyof AwsCalls,
  work: (signal: AbortSignal) => Promise<T>,
) {
  const action = IAM_ACTIONS[call]
  try {
    return await run.deadline.run(what, work)
  } catch (error) {
    throw toAwsCallError(error, { what, ...(action === undefined ? {} : { action }) })
  }
}

/** Fetches pages until `limit` items, the last page, or the page cap; `truncated` when more exist. */
async function collect(
  run: Run,
  fetchPage: (token: string | undefined) => Promise<Page<string>>,
  keep: (item: string) => boolean = () => true,
): Promise<{ items: string[]; truncated: boolean }> {
  const items: string[] = []
  let token: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const next = await fetchPage(token)
    items.push(...next.items.filter(keep))
    token = next.nextToken
    if (token === undefined || items.length > run.limit) break
  }
  return { items: items.slice(0, run.limit), truncated: items.length > run.limit || token !== undefined }
}

/** Adds a count to each item, a few calls at a time; an item whose count fails keeps none. */
async function withCounts(
  names: readonly string[],
  count: (name: string) => Promise<number | undefined>,
): Promise<(number | undefined)[]> {
  const counts: (number | undefined)[] = new Array(names.length).fill(undefined)
  let next = 0
  const worker = async () => {
    for (let index = next++; index < names.length; index = next++) {
      const name = names[index]
      if (name !== undefined) counts[index] = await count(name).catch(() => undefined)
    }
  }
  await Promise.all(Array.from({ length: Math.min(COUNT_CONCURRENCY, names.length) }, worker))
  return counts
}

const item = (value: string, label: string, count?: number, countOf?: string): ListingItem => ({
  value,
  label,
  ...(count === undefined || countOf === undefined ? {} : { count, countOf }),
})

/** A page request: one item more than the limit (to see truncation), the name prefix, the token. */
const pageRequest = (run: Run, serviceMax: number, token: string | undefined) => ({
  max: Math.min(run.limit + 1, serviceMax),
  ...(run.prefix ? { prefix: run.prefix } : {}),
  ...(token ? { token } : {}),
})

const nameOfArn = (arn: string) => arn.split(':').at(-1) ?? arn
const nameOfUrl = (url: string) => url.split('/').at(-1) ?? url

async function listBuckets(run: Run): Promise<Omit<Listing, 'kind'>> {
  const { items, truncated } = await collect(
    run,
    (token) =>
      attempt(run, 'ListBuckets', 'listBuckets', (signal) =>
        run.calls.listBuckets(pageRequest(run, 1000, token), signal),
      ),
    (name) => name.startsWith(run.prefix),
  )
  return { items: items.map((name) => item(name, name)), truncated }
}

async function listPrefixes(run: Run, bucket: string | undefined): Promise<Omit<Listing, 'kind'>> {
  if (!bucket)
    throw new AwsCallError('aws.invalid-request', 'Listing prefixes needs a bucket: pick the bucket first.')
  const where = `s3://${bucket}/${run.prefix}`
  const { items, truncated } = await collect(run, async (token) => {
    const page = await attempt(run, `ListObjectsV2 on ${where}`, 'listObjects', (signal) =>
      run.calls.listObjects(
        { bucket, prefix: run.prefix, delimiter: '/', maxKeys: 1000, ...(token ? { token } : {}) },
        signal,
      ),
    )
    return { items: page.prefixes, ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
  })
  return { items: items.map((prefix) => item(prefix, prefix.slice(run.prefix.length))), truncated }
}

async function listQueues(run: Run): Promise<Omit<Listing, 'kind'>> {
  const { items, truncated } = await collect(run, (token) =>
    attempt(run, 'ListQueues', 'listQueues', (signal) =>
      run.calls.listQueues(pageRequest(run, 1000, token), signal),
    ),
  )
  const counts = await withCounts(items, async (url) => {
    const attributes = await run.deadline.run('GetQueueAttributes', (signal) =>
      run.calls.getQueueAttributes(url, ['ApproximateNumberOfMessages'], signal),
    )
    const count = Number(attributes.ApproximateNumberOfMessages)
    return Number.isFinite(count) ? count : undefined
  })
  return { items: items.map((url, i) => item(url, nameOfUrl(url), counts[i], 'messages')), truncated }
}

async function listTopics(run: Run): Promise<Omit<Listing, 'kind'>> {
  const { items, truncated } = await collect(
    run,
    (token) => attempt(run, 'ListTopics', 'listTopics', (signal) => run.calls.listTopics(token, signal)),
    (arn) => nameOfArn(arn).startsWith(run.prefix),
  )
  return { items: items.map((arn) => item(arn, nameOfArn(arn))), truncated }
}

async function listStreams(run: Run): Promise<Omit<Listing, 'kind'>> {
  const { items, truncated } = await collect(
    run,
    (token) =>
      attempt(run, 'ListStreams', 'listStreams', (signal) =>
        run.calls.listStreams({ max: Math.min(run.limit + 1, 10_000), ...(token ? { token } : {}) }, signal),
      ),
    (name) => name.startsWith(run.prefix),
  )
  const counts = await withCounts(items, async (name) => {
    const summary = await run.deadline.run('DescribeStreamSummary', (signal) =>
      run.calls.describeStreamSummary(name, signal),
    )
    return summary.openShards
  })
  return { items: items.map((name, i) => item(name, name, counts[i], 'shards')), truncated }
}

async function listEventBuses(run: Run): Promise<Omit<Listing, 'kind'>> {
  const { items, truncated } = await collect(run, (token) =>
    attempt(run, 'ListEventBuses', 'listEventBuses', (signal) =>
      run.calls.listEventBuses(pageRequest(run, 100, token), signal),
    ),
  )
  return { items: items.map((name) => item(name, name)), truncated }
}

/** {@link listResources} over any {@link AwsCalls}; unit tests pass fakes. */
export async function listResourcesWith(
  kind: ListingKind,
  calls: AwsCalls,
  query: ListingQuery,
  options: ListingOptions,
): Promise<Listing> {
  const deadline = startDeadline(options.timeoutMs, options.signal)
  const limit = Math.max(1, Math.min(query.limit ?? 200, 1000))
  const run: Run = { calls, deadline, limit, prefix: query.prefix ?? '' }
  try {
    const listed =
      kind === 'buckets'
        ? await listBuckets(run)
        : kind === 'prefixes'
          ? await listPrefixes(run, query.bucket)
          : kind === 'queues'
            ? await listQueues(run)
            : kind === 'topics'
              ? await listTopics(run)
              : kind === 'streams'
                ? await listStreams(run)
                : await listEventBuses(run)
    return { kind, ...listed }
  } finally {
    deadline.dispose()
  }
}

/**
 * A live listing for the editor's pickers, with counts where they are cheap (messages waiting in
 * a queue, open shards of a stream). `prefix` filters names, or for `prefixes` lists the level
 * below it. `truncated` says more exist than were listed. Bounded by `timeoutMs`; throws an
 * `AwsCallError` with a code and the IAM action on failure.
 */
export function listResources(
  kind: ListingKind,
  clients: AwsClients,
  query: ListingQuery,
  options: ListingOptions,
): Promise<Listing> {
  return listResourcesWith(kind, sdkCalls(clients), query, options)
}
