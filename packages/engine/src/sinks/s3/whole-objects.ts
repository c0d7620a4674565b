import type { Envelope } from '../../runtime/envelope.ts'

interface Job {
  readonly envelope: Envelope
  readonly run: () => Promise<void>
}

/**
 * The one-object-per-message uploads of the `whole` format, at most `limit` at once; the rest wait
 * in write order (bounded, like every sink buffer, by the sources' in-flight limits).
 */
export class WholeObjects {
  private readonly limit: number
  private readonly start: (run: () => Promise<void>) => void
  private readonly waiting: Job[] = []
  private active = 0

  /** `start` runs an upload and keeps track of it until it ends. */
  constructor(limit: number, start: (run: () => Promise<void>) => void) {
    this.limit = limit
    this.start = start
  }

  add(envelope: Envelope, run: () => Promise<void>): void {
    this.waiting.push({ envelope, run })
    this.next()
  }

  /** Removes the uploads not started yet and returns their envelopes. */
  drain(): Envelope[] {
    return this.waiting.splice(0).map((job) => job.envelope)
  }

  private next(): void {
    while (this.active < this.limit) {
      const job = this.waiting.shift()
      if (job === undefined) return
      this.active += 1
      this.start(() =>
        job.run().finally(() => {
          this.active -= 1
          this.next()
        }),
      )
    }
  }
}
