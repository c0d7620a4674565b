/** One entry of a call, as the conformance suite sees it whatever the service. */
export interface FakeEntry {
  /** The message as text (SNS `Message`, SQS `MessageBody`, Kinesis data, EventBridge detail). */
  readonly body: string
  /** Per-message fields other than the body: message attributes, partition key, event source… */
  readonly fields: Readonly<Record<string, string>>
  readonly groupId?: string
  readonly dedupId?: string
}

/** One call as the fake service received it. */
export interface FakeCall {
  readonly target: string
  readonly entries: readonly FakeEntry[]
}

/** The fake service's answer for one entry. */
export type FakeEntryResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly senderFault?: boolean }

/** How the fake answers one call: per-entry results, or an error for the whole call. */
export type FakeResponse = { readonly throws: Error } | { readonly results: readonly FakeEntryResult[] }

/** Decides the answer to a call; `undefined` accepts every entry. */
export type Responder = (call: FakeCall) => FakeResponse | undefined

/** An error shaped like an AWS SDK service exception. */
export class FakeAwsError extends Error {
  readonly $metadata: { httpStatusCode: number }
  constructor(name: string, message: string, httpStatusCode: number) {
    super(message)
    this.name = name
    this.$metadata = { httpStatusCode }
  }
}

/** Answers a call with `code` for the entries at `indexes`, and success for the rest. */
export function failEntries(
  indexes: readonly number[],
  code: string,
  message: string,
  senderFault?: boolean,
): Responder {
  return (call) => ({
    results: call.entries.map(
      (_, i): FakeEntryResult =>
        indexes.includes(i)
          ? { ok: false, code, message, ...(senderFault === undefined ? {} : { senderFault }) }
          : { ok: true },
    ),
  })
}

/**
 * The service behind every fake client: records calls, answers them as scripted (call by call,
 * then by a default responder), and can hold calls open to observe how many are in flight.
 */
export class FakeBackend {
  readonly calls: FakeCall[] = []
  /** Names the fake clients looked up, such as SQS queue names given to `GetQueueUrl`. */
  readonly lookups: string[] = []
  inFlight = 0
  maxInFlight = 0
  /** Answers every call that has no scripted answer of its own. */
  fallback: Responder = () => undefined
  private readonly scripted: Responder[] = []
  private held: (() => void)[] | undefined

  /** The next call not yet answered gets this answer. */
  respondNext(responder: Responder): void {
    this.scripted.push(responder)
  }

  /** From now on, calls wait until {@link releaseHeld}. */
  hold(): void {
    this.held ??= []
  }

  /** Lets the calls waiting now go on; `stopHolding` also ends holding. */
  releaseHeld(stopHolding = false): number {
    const waiting = this.held ?? []
    this.held = stopHolding ? undefined : []
    for (const resume of waiting) resume()
    return waiting.length
  }

  /** Lets the oldest waiting call go on. */
  releaseOne(): void {
    this.held?.shift()?.()
  }

  async handle(call: FakeCall): Promise<readonly FakeEntryResult[]> {
    this.calls.push(call)
    this.inFlight += 1
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    try {
      const held = this.held
      if (held) await new Promise<void>((resume) => held.push(resume))
      const responder = this.scripted.shift() ?? this.fallback
      const response = responder(call)
      if (response === undefined) return call.entries.map(() => ({ ok: true }))
      if ('throws' in response) throw response.throws
      return response.results
    } finally {
      this.inFlight -= 1
    }
  }
}
