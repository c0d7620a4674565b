import { classifyEntryError } from '@sluice/aws'
import type { Logger } from '../../runtime/contracts.ts'
import type { DeliveryError } from '../../runtime/errors.ts'
import { backoffMs, sleep } from '../shared/backoff.ts'
import type { SqsApi } from './sqs-api.ts'

/** SQS takes at most 10 entries per batch call. */
export const SQS_BATCH_MAX = 10

interface Pending {
  readonly receiptHandle: string
  readonly done: () => void
}

/** How a {@link DeleteBatcher} sends. */
export interface DeleteBatcherOptions {
  readonly lingerMs?: number
  readonly maxAttempts?: number
  /** Maps a failed call to a coded error when it can never succeed (access denied, queue missing). */
  fatal(error: unknown): DeliveryError | undefined
  /** Told once when deletes fail for good; the messages will be delivered again. */
  onFatal(error: DeliveryError): void
}

/**
 * Deletes acked messages with `DeleteMessageBatch`: up to 10 per call, sent when 10 are waiting
 * or after a short linger. A batch that fails as a whole, and each entry that fails with a
 * retryable code, is retried with capped exponential backoff; a message whose delete finally
 * fails becomes visible again and is delivered once more (at-least-once).
 */
export class DeleteBatcher {
  private readonly api: SqsApi
  private readonly queueUrl: string
  private readonly log: Logger
  private readonly options: DeleteBatcherOptions
  private waiting: Pending[] = []
  private timer: NodeJS.Timeout | undefined
  private readonly sending = new Set<Promise<void>>()

  constructor(api: SqsApi, queueUrl: string, log: Logger, options: DeleteBatcherOptions) {
    this.api = api
    this.queueUrl = queueUrl
    this.log = log
    this.options = options
  }

  /** Resolves once the message is deleted, or once its delete has been given up (and logged). */
  delete(receiptHandle: string): Promise<void> {
    return new Promise((done) => {
      this.waiting.push({ receiptHandle, done })
      if (this.waiting.length >= SQS_BATCH_MAX) this.sendWaiting()
      else this.timer ??= setTimeout(() => this.sendWaiting(), this.options.lingerMs ?? 20)
    })
  }

  /** Sends what is waiting now; resolves when every delete asked for so far has finished. */
  async flush(): Promise<void> {
    this.sendWaiting()
    while (this.sending.size > 0) await Promise.all([...this.sending])
  }

  private sendWaiting(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, SQS_BATCH_MAX)
      const sent = this.send(batch).finally(() => this.sending.delete(sent))
      this.sending.add(sent)
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    let left = batch
    const maxAttempts = this.options.maxAttempts ?? 8
    for (let attempt = 1; left.length > 0; attempt++) {
      const retry: Pending[] = []
      try {
        const { failed } = await this.api.deleteBatch(
          this.queueUrl,
          left.map((p, i) => ({ id: String(i), receiptHandle: p.receiptHandle })),
        )
        const failedById = new Map(failed.map((f) => [f.id, f]))
        left.forEach((pending, i) => {
          const failure = failedById.get(String(i))
          if (failure === undefined) pending.done()
          else if (classifyEntryError(failure.code, failure.senderFault) === 'retryable') retry.push(pending)
          else this.giveUp([pending], `DeleteMessageBatch entry failed: ${failure.code}`)
        })
      } catch (error) {
        const fatal = this.options.fatal(error)
        if (fatal) {
          this.options.onFatal(fatal)
          this.giveUp(left, fatal.message)
          return
        }
        retry.push(...left)
        this.log.warn({ err: error, attempt, messages: left.length }, 'DeleteMessageBatch failed; retrying')
      }
      if (retry.length > 0 && attempt >= maxAttempts) {
        this.giveUp(retry, `DeleteMessageBatch still failing after ${attempt} attempts`)
        return
      }
      left = retry
      if (left.length > 0) await sleep(backoffMs(attempt, 100, 5_000))
    }
  }

  private giveUp(pending: Pending[], reason: string): void {
    this.log.warn(
      { messages: pending.length, reason },
      'could not delete acked messages; they will be delivered again once their visibility ends',
    )
    for (const p of pending) p.done()
  }
}
