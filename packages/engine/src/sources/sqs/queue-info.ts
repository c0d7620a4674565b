import { isQueueUrl, queueNameOf } from '@sluice/assets'
import type { Logger } from '../../runtime/contracts.ts'
import { fatalSourceError, isDependencyFailure, type SourceResource } from '../shared/fatal-error.ts'
import { untilDone } from '../shared/retry.ts'
import type { SqsApi } from './sqs-api.ts'

/** What a source knows about its queue once started. */
export interface QueueInfo {
  readonly url: string
  readonly name: string
  readonly fifo: boolean
  /** The queue's default visibility timeout, in seconds. */
  readonly visibilityTimeoutSeconds: number
  /** From the redrive policy, when the queue has one and it could be read. */
  readonly maxReceiveCount?: number
  readonly deadLetterQueueArn?: string
}

const DEFAULT_VISIBILITY_SECONDS = 30

/**
 * Finds the queue (GetQueueUrl when given by name) and reads its visibility timeout and redrive
 * policy. A missing queue or a refused GetQueueUrl rejects with a coded error; a refused
 * GetQueueAttributes only costs the dead-letter warnings, so it is logged and the defaults used.
 */
export async function describeQueue(
  api: SqsApi,
  queue: string,
  log: Logger,
  signal: AbortSignal,
): Promise<QueueInfo | undefined> {
  const name = queueNameOf(queue)
  const resource: SourceResource = { kind: 'queue', name }
  const url = isQueueUrl(queue)
    ? queue
    : await untilDone(() => api.queueUrl(name), {
        fatal: (error) => fatalSourceError(error, resource, 'sqs:GetQueueUrl'),
        signal,
        log,
        what: `GetQueueUrl for queue "${name}"`,
      })
  if (url === undefined) return undefined
  const base = {
    url,
    name,
    fifo: name.endsWith('.fifo'),
    visibilityTimeoutSeconds: DEFAULT_VISIBILITY_SECONDS,
  }
  let attributes: Record<string, string> | undefined
  try {
    attributes = await untilDone(() => api.queueAttributes(url, ['VisibilityTimeout', 'RedrivePolicy']), {
      fatal: (error) => fatalSourceError(error, resource, 'sqs:GetQueueAttributes'),
      signal,
      log,
      what: `GetQueueAttributes of queue "${name}"`,
    })
  } catch (error) {
    if (isDependencyFailure(error) && error.code !== 'source.access-denied') throw error
    log.warn(
      { queue: name, err: error },
      'cannot read the queue attributes; the dead-letter warnings are off and the visibility timeout is taken as 30 s',
    )
  }
  if (attributes === undefined) return base
  const visibility = Number(attributes.VisibilityTimeout)
  return {
    ...base,
    ...(Number.isInteger(visibility) && visibility >= 0 ? { visibilityTimeoutSeconds: visibility } : {}),
    ...redrive(attributes.RedrivePolicy),
  }
}

function redrive(policy: string | undefined): { maxReceiveCount?: number; deadLetterQueueArn?: string } {
  if (policy === undefined) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(policy)
  } catch {
    return {}
  }
  if (typeof parsed !== 'object' || parsed === null) return {}
  const count = 'maxReceiveCount' in parsed ? Number(parsed.maxReceiveCount) : Number.NaN
  const arn = 'deadLetterTargetArn' in parsed ? parsed.deadLetterTargetArn : undefined
  return {
    ...(Number.isInteger(count) && count > 0 ? { maxReceiveCount: count } : {}),
    ...(typeof arn === 'string' ? { deadLetterQueueArn: arn } : {}),
  }
}
