import type { SqsSender } from './sqs-client.ts'

/** True when `queue` is a queue URL rather than a queue name. */
export function isQueueUrl(queue: string): boolean {
  return /^https?:\/\//.test(queue)
}

/** The queue's name: the last path segment of a URL, or the name itself. */
export function queueName(queue: string): string {
  if (!isQueueUrl(queue)) return queue
  return new URL(queue).pathname.split('/').filter(Boolean).at(-1) ?? queue
}

/**
 * Resolves the sink's queue to its URL: a URL as it is, a name with `GetQueueUrl` on first use.
 * The answer is cached; a failed lookup is not, so the next call asks again.
 */
export class QueueUrlResolver {
  private readonly queue: string
  private readonly sender: SqsSender
  private resolved: Promise<string> | undefined

  constructor(queue: string, sender: SqsSender) {
    this.queue = queue
    this.sender = sender
    if (isQueueUrl(queue)) this.resolved = Promise.resolve(queue)
  }

  url(signal: AbortSignal): Promise<string> {
    if (this.resolved === undefined) {
      const lookup = this.lookup(signal)
      this.resolved = lookup
      lookup.catch(() => {
        if (this.resolved === lookup) this.resolved = undefined
      })
    }
    return this.resolved
  }

  private async lookup(signal: AbortSignal): Promise<string> {
    const url = await this.sender.getQueueUrl(this.queue, signal)
    if (url === undefined) throw new Error(`SQS returned no URL for the queue "${this.queue}"`)
    return url
  }
}
