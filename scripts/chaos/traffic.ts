import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import type { LocalAws } from '@sluice/aws-local'
import { queueDepth, sendAll } from '../../packages/engine/src/e2e/support/queues.ts'
import type { ChaosWorkflow } from './project.ts'

/** How much traffic each tick sends. */
export interface TrafficRate {
  /** Messages per tick to each input queue. */
  readonly messagesPerTick: number
  /** Every this many ticks, one NDJSON object of `recordsPerObject` records to each inbox. */
  readonly objectEveryTicks: number
  readonly recordsPerObject: number
  readonly tickMs: number
}

/**
 * The traffic of the chaos run: ids sent to every workflow's input straight to the emulators (never
 * through a fault proxy), kept per workflow once the emulator took them, for the count at the end.
 */
export class Traffic {
  readonly #sqs: SQSClient
  readonly #s3: S3Client
  readonly #workflows: readonly ChaosWorkflow[]
  readonly #queueUrls: Readonly<Record<string, string>>
  readonly #sent = new Map<string, string[]>()
  #ticks = 0
  #timer: NodeJS.Timeout | undefined
  #tick: Promise<void> = Promise.resolve()
  #error: unknown

  constructor(
    aws: Pick<LocalAws, 'clientConfig'>,
    workflows: readonly ChaosWorkflow[],
    queueUrls: Readonly<Record<string, string>>,
  ) {
    this.#sqs = new SQSClient(aws.clientConfig('sqs'))
    this.#s3 = new S3Client(aws.clientConfig('s3'))
    this.#workflows = workflows
    this.#queueUrls = queueUrls
    for (const w of workflows) this.#sent.set(w.name, [])
  }

  /** The ids sent to `workflow` so far. */
  sent(workflow: string): readonly string[] {
    return this.#sent.get(workflow) ?? []
  }

  /** Ids sent to every workflow so far. */
  total(): number {
    return [...this.#sent.values()].reduce((n, ids) => n + ids.length, 0)
  }

  /** Sends a tick every `rate.tickMs` until {@link stop}; a tick never overlaps the one before. */
  start(rate: TrafficRate): void {
    const next = () => {
      this.#tick = this.#sendTick(rate).catch((error: unknown) => {
        this.#error ??= error
      })
      void this.#tick.then(() => {
        if (this.#timer !== undefined) this.#timer = setTimeout(next, rate.tickMs)
      })
    }
    this.#timer = setTimeout(next, 0)
  }

  /** Stops sending, waits for the tick under way; throws if a send failed. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#tick
    if (this.#error !== undefined) throw this.#error
  }

  async #sendTick(rate: TrafficRate): Promise<void> {
    this.#ticks++
    for (const workflow of this.#workflows) {
      const ids = this.#sent.get(workflow.name) ?? []
      const input = workflow.input
      if (input.type === 'queue') {
        const batch = Array.from(
          { length: rate.messagesPerTick },
          (_, i) => `${workflow.name}-${ids.length + i}`,
        )
        await sendAll(
          this.#sqs,
          this.#url(input.queue),
          batch.map((id) => JSON.stringify({ id, at: Date.now() })),
        )
        ids.push(...batch)
      } else if (this.#ticks % rate.objectEveryTicks === 0) {
        const batch = Array.from(
          { length: rate.recordsPerObject },
          (_, i) => `${workflow.name}-${ids.length + i}`,
        )
        await this.#s3.send(
          new PutObjectCommand({
            Bucket: input.bucket,
            Key: `${input.prefix}${String(this.#ticks).padStart(6, '0')}.ndjson`,
            Body: `${batch.map((id) => JSON.stringify({ id, at: Date.now() })).join('\n')}\n`,
          }),
        )
        ids.push(...batch)
      }
    }
  }

  /** Messages still to be read at every input: waiting or in flight in queues, objects in inboxes. */
  async backlog(): Promise<number> {
    let left = 0
    for (const workflow of this.#workflows) {
      const input = workflow.input
      if (input.type === 'queue') {
        const depth = await queueDepth(this.#sqs, this.#url(input.queue))
        left += depth.visible + depth.inFlight
      } else {
        const listed = await this.#s3.send(
          new ListObjectsV2Command({ Bucket: input.bucket, Prefix: input.prefix }),
        )
        left += listed.KeyCount ?? 0
      }
    }
    return left
  }

  #url(queue: string): string {
    const url = this.#queueUrls[queue]
    if (url === undefined) throw new Error(`queue ${queue} was not created`)
    return url
  }

  close(): void {
    this.#sqs.destroy()
    this.#s3.destroy()
  }
}
