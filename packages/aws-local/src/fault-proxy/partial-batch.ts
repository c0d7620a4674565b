import { randomUUID } from 'node:crypto'
import { isJsonObject, type JsonObject } from '../stand-in/json-input.ts'

/**
 * A batch call split for a partial failure: the entries chosen to fail are left out of the
 * request, so the service really does not store them, and put back into its answer as failed
 * with a retryable code.
 */
export interface SplitBatch {
  /** Entries the call had. */
  readonly entries: number
  /** Entries reported failed. */
  readonly failed: number
  /** The request body to forward, or `undefined` when every entry fails (nothing is forwarded). */
  readonly forward: Buffer | undefined
  readonly contentType: string
  /** The answer for the whole call, from the service's answer to `forward` (none if not forwarded). */
  answer(upstream: string | undefined): string
}

/** Chooses, for a call of `count` entries, the positions that fail. */
export type Chooser = (count: number) => ReadonlySet<number>

type Splitter = (body: Buffer, choose: Chooser) => SplitBatch | undefined

const INTERNAL = 'We encountered an internal error. Please try again.'
const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/'

function parse(text: string): JsonObject {
  const parsed: unknown = JSON.parse(text)
  return isJsonObject(parsed) ? parsed : {}
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function idOf(entry: unknown): string {
  return isJsonObject(entry) && typeof entry.Id === 'string' ? entry.Id : ''
}

/** SQS `*Batch` calls (JSON 1.0): failed entries go to `Failed` by id, as not the sender's fault. */
function sqsBatch(body: Buffer, choose: Chooser): SplitBatch | undefined {
  const request = parse(body.toString('utf8'))
  const entries = list(request.Entries)
  if (entries.length === 0) return undefined
  const failing = choose(entries.length)
  const kept = entries.filter((_, i) => !failing.has(i))
  const failedIds = entries.filter((_, i) => failing.has(i)).map(idOf)
  return {
    entries: entries.length,
    failed: failedIds.length,
    forward: kept.length === 0 ? undefined : Buffer.from(JSON.stringify({ ...request, Entries: kept })),
    contentType: 'application/x-amz-json-1.0',
    answer(upstream) {
      const parsed = upstream === undefined ? {} : parse(upstream)
      const failed = failedIds.map((Id) => ({
        Id,
        SenderFault: false,
        Code: 'InternalError',
        Message: INTERNAL,
      }))
      return JSON.stringify({
        ...parsed,
        Successful: list(parsed.Successful),
        Failed: [...list(parsed.Failed), ...failed],
      })
    },
  }
}

/** Calls answered one result per entry in order (Kinesis PutRecords, EventBridge PutEvents). */
function positional(field: string, countField: string, errorCode: string, errorMessage: string): Splitter {
  return (body, choose) => {
    const request = parse(body.toString('utf8'))
    const entries = list(request[field])
    if (entries.length === 0) return undefined
    const failing = choose(entries.length)
    const kept = entries.filter((_, i) => !failing.has(i))
    return {
      entries: entries.length,
      failed: entries.length - kept.length,
      forward: kept.length === 0 ? undefined : Buffer.from(JSON.stringify({ ...request, [field]: kept })),
      contentType: 'application/x-amz-json-1.1',
      answer(upstream) {
        const parsed = upstream === undefined ? {} : parse(upstream)
        const results = list(parsed[field])
        let next = 0
        const merged = entries.map((_, i) =>
          failing.has(i) ? { ErrorCode: errorCode, ErrorMessage: errorMessage } : results[next++],
        )
        const upstreamFailed = typeof parsed[countField] === 'number' ? parsed[countField] : 0
        return JSON.stringify({ ...parsed, [countField]: upstreamFailed + failing.size, [field]: merged })
      },
    }
  }
}

/** SNS PublishBatch (query): members renumbered without the failing ones; failures added to `Failed`. */
function snsPublishBatch(body: Buffer, choose: Chooser): SplitBatch | undefined {
  const prefix = 'PublishBatchRequestEntries.member.'
  const members = new Map<number, [string, string][]>()
  const out = new URLSearchParams()
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    const match = /^PublishBatchRequestEntries\.member\.(\d+)\.(.+)$/.exec(key)
    if (match?.[1] === undefined || match[2] === undefined) out.append(key, value)
    else members.set(Number(match[1]), [...(members.get(Number(match[1])) ?? []), [match[2], value]])
  }
  const indexes = [...members.keys()].sort((a, b) => a - b)
  if (indexes.length === 0) return undefined
  const failing = choose(indexes.length)
  const failedIds: string[] = []
  let kept = 0
  indexes.forEach((index, position) => {
    const fields = members.get(index) ?? []
    if (failing.has(position)) {
      failedIds.push(fields.find(([name]) => name === 'Id')?.[1] ?? '')
      return
    }
    kept += 1
    for (const [name, value] of fields) out.append(`${prefix}${kept}.${name}`, value)
  })
  return {
    entries: indexes.length,
    failed: failedIds.length,
    forward: kept === 0 ? undefined : Buffer.from(out.toString()),
    contentType: 'text/xml',
    answer(upstream) {
      const failed = failedIds
        .map(
          (id) =>
            `<member><Id>${id}</Id><Code>InternalError</Code><Message>${INTERNAL}</Message><SenderFault>false</SenderFault></member>`,
        )
        .join('')
      if (upstream === undefined)
        return `<PublishBatchResponse xmlns="${SNS_XMLNS}"><PublishBatchResult><Successful></Successful><Failed>${failed}</Failed></PublishBatchResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishBatchResponse>`
      if (upstream.includes('<Failed/>')) return upstream.replace('<Failed/>', `<Failed>${failed}</Failed>`)
      if (upstream.includes('</Failed>')) return upstream.replace('</Failed>', `${failed}</Failed>`)
      return upstream.replace('</PublishBatchResult>', `<Failed>${failed}</Failed></PublishBatchResult>`)
    },
  }
}

const SPLITTERS: Readonly<Record<string, Splitter>> = {
  'sqs SendMessageBatch': sqsBatch,
  'sqs DeleteMessageBatch': sqsBatch,
  'sqs ChangeMessageVisibilityBatch': sqsBatch,
  'sns PublishBatch': snsPublishBatch,
  'kinesis PutRecords': positional(
    'Records',
    'FailedRecordCount',
    'ProvisionedThroughputExceededException',
    'Rate exceeded for shard shardId-000000000000 in stream under account 000000000000.',
  ),
  'events PutEvents': positional('Entries', 'FailedEntryCount', 'ThrottlingException', 'Rate exceeded'),
}

/** Whether the proxy can fail some entries of this call. */
export function isSplittable(service: string, operation: string): boolean {
  return `${service} ${operation}` in SPLITTERS
}

/** Splits a batch call for a partial failure; `undefined` when it is not a batch or holds no entry. */
export function splitBatch(
  service: string,
  operation: string,
  body: Buffer,
  choose: Chooser,
): SplitBatch | undefined {
  const splitter = SPLITTERS[`${service} ${operation}`]
  if (splitter === undefined) return undefined
  try {
    return splitter(body, choose)
  } catch {
    return undefined
  }
}
