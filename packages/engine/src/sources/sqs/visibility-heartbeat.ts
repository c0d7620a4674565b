import type { Logger } from '../../runtime/contracts.ts'
import { SQS_BATCH_MAX } from './delete-batcher.ts'
import { type HeldMessage, visibilityLeftSeconds } from './held-message.ts'
import type { SqsApi } from './sqs-api.ts'

/** How often and by how much the heartbeat extends visibility. */
export interface HeartbeatSettings {
  readonly intervalSeconds: number
  readonly extensionSeconds: number
}

/**
 * Keeps messages that are still being worked on hidden from other consumers: every interval it
 * extends, with `ChangeMessageVisibilityBatch`, each held message whose visibility would end
 * before the beat after next, by `extensionSeconds` from now, and never past the 12 hours SQS
 * allows after a receive. A message that reaches that limit is logged once; it becomes visible
 * when its last extension ends and may then be delivered twice.
 */
export class VisibilityHeartbeat {
  private readonly api: SqsApi
  private readonly queueUrl: string
  private readonly log: Logger
  private readonly settings: HeartbeatSettings
  private readonly held: () => Iterable<HeldMessage>
  private readonly now: () => number
  private timer: NodeJS.Timeout | undefined
  private running = false

  constructor(
    api: SqsApi,
    queueUrl: string,
    log: Logger,
    settings: HeartbeatSettings,
    held: () => Iterable<HeldMessage>,
    now: () => number = Date.now,
  ) {
    this.api = api
    this.queueUrl = queueUrl
    this.log = log
    this.settings = settings
    this.held = held
    this.now = now
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.schedule()
  }

  stop(): void {
    this.running = false
    clearTimeout(this.timer)
  }

  /** One round of extensions; the timer calls it, and tests call it directly. */
  async beat(): Promise<void> {
    const now = this.now()
    const horizon = now + 2 * this.settings.intervalSeconds * 1000
    const due: { held: HeldMessage; seconds: number }[] = []
    for (const held of this.held()) {
      if (held.state === 'releasing' || held.visibleUntil > horizon) continue
      const seconds = Math.min(this.settings.extensionSeconds, visibilityLeftSeconds(held, now))
      if (seconds >= 1) due.push({ held, seconds })
      else if (!held.atVisibilityLimit) {
        held.atVisibilityLimit = true
        this.log.warn(
          { messageId: held.messageId },
          'message in flight for 12 hours, the most SQS allows; it becomes visible again and may be delivered twice',
        )
      }
    }
    for (let i = 0; i < due.length; i += SQS_BATCH_MAX)
      await this.extend(due.slice(i, i + SQS_BATCH_MAX), now)
  }

  private async extend(batch: { held: HeldMessage; seconds: number }[], now: number): Promise<void> {
    try {
      const { failed } = await this.api.changeVisibilityBatch(
        this.queueUrl,
        batch.map((d, i) => ({ id: String(i), receiptHandle: d.held.receiptHandle, seconds: d.seconds })),
      )
      const failedIds = new Set(failed.map((f) => f.id))
      batch.forEach((d, i) => {
        if (!failedIds.has(String(i))) d.held.visibleUntil = now + d.seconds * 1000
      })
      if (failed.length > 0)
        this.log.warn(
          { codes: failed.map((f) => f.code) },
          'could not extend the visibility of some messages; they may be delivered twice',
        )
    } catch (error) {
      this.log.warn({ err: error, messages: batch.length }, 'visibility heartbeat failed; retrying next beat')
    }
  }

  private schedule(): void {
    this.timer = setTimeout(async () => {
      await this.beat()
      if (this.running) this.schedule()
    }, this.settings.intervalSeconds * 1000)
  }
}
