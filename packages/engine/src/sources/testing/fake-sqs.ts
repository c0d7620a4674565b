import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs'
import type { BatchFailures, ReceiveRequest, SqsApi } from '../sqs/sqs-api.ts'

/** A message inside {@link FakeSqs}. */
export interface FakeMessage {
  readonly id: string
  readonly body: string
  readonly attributes: Record<string, MessageAttributeValue>
  readonly groupId: string | undefined
  visibleAt: number
  receiveCount: number
  receipt: string | undefined
  deleted: boolean
}

type Method = keyof SqsApi

/**
 * An in-memory SQS queue behind the {@link SqsApi} interface, for unit tests: visibility timeouts,
 * receive counts, FIFO group locking, long polls that wake when a message arrives, and injected
 * failures. It counts every call so tests can check batching and deletes.
 */
export class FakeSqs implements SqsApi {
  readonly name: string
  readonly url: string
  readonly fifo: boolean
  readonly messages: FakeMessage[] = []
  readonly calls: Record<Method, number> = {
    queueUrl: 0,
    queueAttributes: 0,
    receive: 0,
    deleteBatch: 0,
    changeVisibility: 0,
    changeVisibilityBatch: 0,
  }
  /** Receive requests as made, for assertions on MaxNumberOfMessages and attribute names. */
  readonly receives: ReceiveRequest[] = []
  /** The abort signal of each receive, in the order of {@link receives}. */
  readonly receiveSignals: (AbortSignal | undefined)[] = []
  /** Receives cut off by their signal while waiting. */
  abortedReceives = 0
  /** Deletes per message id. */
  readonly deletes = new Map<string, number>()
  /** Visibility changes, in order. */
  readonly visibilityChanges: { id: string; seconds: number }[] = []
  /** Changes made one message at a time (`ChangeMessageVisibility`: releases), in order. */
  readonly releases: { id: string; seconds: number }[] = []
  /** Queue attributes returned by `queueAttributes`. */
  attributes: Record<string, string> = { VisibilityTimeout: '30' }
  defaultVisibilitySeconds = 30
  private readonly failures = new Map<Method, unknown[]>()
  private sequence = 0
  private wakers = new Set<() => void>()

  constructor(name = 'fake-queue') {
    this.name = name
    this.url = `https://sqs.us-east-1.amazonaws.com/000000000000/${name}`
    this.fifo = name.endsWith('.fifo')
  }

  /** Adds a message, as a producer would. */
  send(
    body: string,
    options: { attributes?: Record<string, MessageAttributeValue>; groupId?: string } = {},
  ): string {
    const id = `m-${++this.sequence}`
    this.messages.push({
      id,
      body,
      attributes: options.attributes ?? {},
      groupId: options.groupId,
      visibleAt: 0,
      receiveCount: 0,
      receipt: undefined,
      deleted: false,
    })
    this.wake()
    return id
  }

  /** The next call of `method` rejects with `error` (queued: call again to fail several). */
  failNext(method: Method, error: unknown): void {
    const queued = this.failures.get(method) ?? []
    queued.push(error)
    this.failures.set(method, queued)
  }

  /** Messages not deleted. */
  remaining(): number {
    return this.messages.filter((m) => !m.deleted).length
  }

  async queueUrl(name: string): Promise<string> {
    this.call('queueUrl')
    if (name !== this.name)
      throw Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist' })
    return this.url
  }

  async queueAttributes(): Promise<Record<string, string>> {
    this.call('queueAttributes')
    return { ...this.attributes }
  }

  async receive(request: ReceiveRequest, signal?: AbortSignal): Promise<Message[]> {
    this.call('receive')
    this.receives.push(request)
    this.receiveSignals.push(signal)
    const deadline = Date.now() + request.waitTimeSeconds * 1000
    for (;;) {
      const taken = this.take(request)
      if (taken.length > 0 || Date.now() >= deadline) return taken
      if (signal?.aborted) {
        this.abortedReceives += 1
        throw Object.assign(new Error('Request aborted'), { name: 'AbortError' })
      }
      await this.waitForChange(Math.min(50, deadline - Date.now()), signal)
    }
  }

  async deleteBatch(
    _queueUrl: string,
    entries: readonly { id: string; receiptHandle: string }[],
  ): Promise<BatchFailures> {
    this.call('deleteBatch')
    if (entries.length > 10)
      throw Object.assign(new Error('too many entries'), { name: 'TooManyEntriesInBatchRequest' })
    return this.eachEntry(entries, (message) => {
      message.deleted = true
      this.deletes.set(message.id, (this.deletes.get(message.id) ?? 0) + 1)
    })
  }

  async changeVisibility(_queueUrl: string, receiptHandle: string, seconds: number): Promise<void> {
    this.call('changeVisibility')
    const message = this.byReceipt(receiptHandle)
    if (message === undefined)
      throw Object.assign(new Error('invalid receipt'), { name: 'ReceiptHandleIsInvalid' })
    message.visibleAt = Date.now() + seconds * 1000
    this.visibilityChanges.push({ id: message.id, seconds })
    this.releases.push({ id: message.id, seconds })
    this.wake()
  }

  async changeVisibilityBatch(
    _queueUrl: string,
    entries: readonly { id: string; receiptHandle: string; seconds: number }[],
  ): Promise<BatchFailures> {
    this.call('changeVisibilityBatch')
    const answer = this.eachEntry(entries, (message, entry) => {
      message.visibleAt = Date.now() + entry.seconds * 1000
      this.visibilityChanges.push({ id: message.id, seconds: entry.seconds })
    })
    this.wake()
    return answer
  }

  private eachEntry<E extends { id: string; receiptHandle: string }>(
    entries: readonly E[],
    apply: (message: FakeMessage, entry: E) => void,
  ): BatchFailures {
    const failed: BatchFailures['failed'][number][] = []
    for (const entry of entries) {
      const message = this.byReceipt(entry.receiptHandle)
      if (message === undefined)
        failed.push({ id: entry.id, code: 'ReceiptHandleIsInvalid', senderFault: true })
      else apply(message, entry)
    }
    return { failed }
  }

  private call(method: Method): void {
    this.calls[method] += 1
    const error = this.failures.get(method)?.shift()
    if (error !== undefined) throw error
  }

  private take(request: ReceiveRequest): Message[] {
    const now = Date.now()
    const lockedGroups = new Set<string>()
    const taken: Message[] = []
    for (const message of this.messages) {
      if (message.deleted) continue
      const group = message.groupId
      const visible = message.visibleAt <= now
      if (this.fifo && group !== undefined) {
        if (lockedGroups.has(group)) continue
        if (!visible) {
          lockedGroups.add(group)
          continue
        }
      } else if (!visible) continue
      if (taken.length >= request.maxMessages) break
      message.receiveCount += 1
      message.receipt = `${message.id}#${message.receiveCount}`
      message.visibleAt = now + (request.visibilityTimeoutSeconds ?? this.defaultVisibilitySeconds) * 1000
      taken.push({
        MessageId: message.id,
        ReceiptHandle: message.receipt,
        Body: message.body,
        MessageAttributes: message.attributes,
        Attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: '1700000000000',
          ...(group === undefined ? {} : { MessageGroupId: group }),
        },
      })
    }
    return taken
  }

  private byReceipt(receipt: string): FakeMessage | undefined {
    return this.messages.find((m) => !m.deleted && m.receipt === receipt)
  }

  private wake(): void {
    for (const wake of [...this.wakers]) wake()
  }

  private waitForChange(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.wakers.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, Math.max(1, ms))
      this.wakers.add(done)
      signal?.addEventListener('abort', done, { once: true })
    })
  }
}
