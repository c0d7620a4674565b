import { classifyEntryError } from '@sluice/aws'
import type { Logger } from '../../runtime/contracts.ts'
import type { DeliveryError } from '../../runtime/errors.ts'
import { backoffMs, sleep } from '../shared/backoff.ts'
import type { SqsApi } from './sqs-api.ts'

/** SQS takes at most 10 entries per batch call. */
export const SQS_BATCH_MAX = 10

/** How a {@link DeleteBatcher} sends, and whom it tells. */
export interface DeleteBatcherOptions<T> {
  readonly lingerMs?: number
  readonly maxAttempts?: number
  /** The receipt handle to delete an item with. */
  receiptOf(item: T): string
  /** Called once per item: its message is deleted, or its delete was given up (and logged). */
  deleted(item: T): void
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
export class DeleteBatcher<T> {
  private readonly api: SqsApi
  private readonly queueUrl: string
  private readonly log: Logger
  private readonly options: DeleteBatcherOptions<T>
  private waiting: T[] = []
  private timer: NodeJS.Timeout | undefined
  private readonly sending = new Set<Promise<void>>()

  constructor(api: SqsApi, queueUrl: string, log: Logger, options: DeleteBatcherOptions<T>) {
    this.api = api
    this.queueUrl = queueUrl
    this.log = log
    this.options = options
  }

  /** Queues the item's message for deletion; `deleted` hears of it once that is done or given up. */
  delete(item: T): void {
    this.waiting.push(item)
    if (this.waiting.length >= SQS_BATCH_MAX) this.sendWaiting()
    else this.timer ??= setTimeout(() => this.sendWaiting(), this.options.lingerMs ?? 20)
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

  private async send(batch: T[]): Promise<void> {
    const { receiptOf, deleted } = this.options
    let left = batch
    const maxAttempts = this.options.maxAttempts ?? 8
    for (let attempt = 1; left.length > 0; attempt++) {
      const retry: T[] = []
      try {
        const { failed } = await this.api.deleteBatch(
          this.queueUrl,
          left.map((item, i) => ({ id: String(i), receiptHandle: receiptOf(item) })),
        )
        const failedById = new Map(failed.map((f) => [f.id, f]))
        left.forEach((item, i) => {
          const failure = failedById.get(String(i))
          if (failure === undefined) deleted(item)
          else if (classifyEntryError(failure.code, failure.senderFault) === 'retryable') retry.push(item)
          else this.giveUp([item], `DeleteMessageBatch entry failed: ${failure.code}`)
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

  private giveUp(items: T[], reason: string): void {
    this.log.warn(
      { messages: items.length, reason },
      'could not delete acked messages; they will be delivered again once their visibility ends',
    )
    for (const item of items) this.options.deleted(item)
  }
}
