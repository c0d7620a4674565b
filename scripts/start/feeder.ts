/** Where the demo's inputs go: the orders queue and the invoice inbox of the local stack. */
export interface FeederTarget {
  /** The local stack's SQS endpoint, which takes unsigned JSON-protocol calls. */
  sqsEndpoint: string
  ordersQueueUrl: string
  /** The local stack's S3 endpoint (path-style), which takes unsigned PUTs. */
  s3Endpoint: string
  inboxBucket: string
}

/** How often the feeder sends, and where it reports a failure. */
export interface FeederOptions {
  orderEveryMs: number
  fileEveryMs: number
  /** Called once per kind of failure in a row, not for every attempt. */
  warn(message: string): void
}

const SKUS: readonly [{ sku: string; price: number }, ...{ sku: string; price: number }[]] = [
  { sku: 'desk-lamp', price: 39 },
  { sku: 'office-chair', price: 240 },
  { sku: 'standing-desk', price: 620 },
  { sku: 'monitor-27', price: 310 },
  { sku: 'cable-kit', price: 12 },
]

/** An order as the demo's `orders-fanout` workflow reads it. */
export interface DemoOrder {
  orderId: string
  customerId: string
  items: { sku: string; qty: number; price: number }[]
}

/** A demo order, varied but deterministic: about one in four comes to 1000 or more (a "large" one). */
export function demoOrder(n: number): DemoOrder {
  const lines = 1 + (n % 3)
  const items = Array.from({ length: lines }, (_, i) => {
    const pick = SKUS[(n * 7 + i * 3) % SKUS.length] ?? SKUS[0]
    return { sku: pick.sku, qty: (n + i) % 4 === 0 ? 3 : 1, price: pick.price }
  })
  return { orderId: `ord-${String(n).padStart(6, '0')}`, customerId: `cust-${(n * 13) % 17}`, items }
}

/** A demo invoice file: NDJSON lines, some paid (archived by the demo) and some open (filtered out). */
export function demoInvoices(n: number): string {
  const statuses = ['paid', 'open', 'paid', 'overdue', 'paid']
  const lines = statuses.map((status, i) =>
    JSON.stringify({
      invoice: `inv-${n}-${i}`,
      customerId: `cust-${(n + i) % 17}`,
      amount: 50 + i * 25,
      status,
    }),
  )
  return `${lines.join('\n')}\n`
}

/**
 * The gentle traffic of `pnpm start`: an order every `orderEveryMs` to the orders queue and an
 * NDJSON invoice file every `fileEveryMs` into the inbox, so the operations view shows life. It
 * sends only while started; `stop` clears its timers and waits for the call in flight.
 */
export class Feeder {
  readonly #target: FeederTarget
  readonly #options: FeederOptions
  readonly #timers: NodeJS.Timeout[] = []
  readonly #inFlight = new Set<Promise<void>>()
  readonly #failing = new Set<string>()
  #orders = 0
  #files = 0

  constructor(target: FeederTarget, options: FeederOptions) {
    this.#target = target
    this.#options = options
  }

  /** Orders and files sent so far. */
  get sent(): { orders: number; files: number } {
    return { orders: this.#orders, files: this.#files }
  }

  /** Sends `orders` orders and `files` invoice files now (the sample data a first start finds). */
  async seed(orders: number, files: number): Promise<void> {
    for (let i = 0; i < orders; i++) await this.sendOrder()
    for (let i = 0; i < files; i++) await this.putFile()
  }

  /** Starts the continuous traffic. */
  start(): void {
    const every = (kind: string, ms: number, send: () => Promise<void>) =>
      this.#timers.push(
        setInterval(() => {
          const call = send().then(
            () => {
              this.#failing.delete(kind)
            },
            (error: unknown) => this.#failed(kind, error),
          )
          this.#inFlight.add(call)
          void call.finally(() => this.#inFlight.delete(call))
        }, ms),
      )
    every('orders', this.#options.orderEveryMs, () => this.sendOrder())
    every('files', this.#options.fileEveryMs, () => this.putFile())
  }

  /** Stops sending and waits for the calls in flight. */
  async stop(): Promise<void> {
    for (const timer of this.#timers.splice(0)) clearInterval(timer)
    await Promise.allSettled([...this.#inFlight])
  }

  /** Sends the next order to the orders queue. */
  async sendOrder(): Promise<void> {
    const response = await fetch(this.#target.sqsEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({
        QueueUrl: this.#target.ordersQueueUrl,
        MessageBody: JSON.stringify(demoOrder(this.#orders)),
      }),
      signal: AbortSignal.timeout(10_000),
    })
    if (!response.ok) throw new Error(`SendMessage answered ${response.status}: ${await response.text()}`)
    this.#orders += 1
  }

  /** Puts the next invoice file under `invoices/` in the inbox bucket. */
  async putFile(): Promise<void> {
    const key = `invoices/${new Date().toISOString().slice(0, 10)}/batch-${String(this.#files).padStart(5, '0')}-${Date.now()}.ndjson`
    const response = await fetch(`${this.#target.s3Endpoint}/${this.#target.inboxBucket}/${key}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/x-ndjson' },
      body: demoInvoices(this.#files),
      signal: AbortSignal.timeout(10_000),
    })
    if (!response.ok) throw new Error(`PutObject answered ${response.status}: ${await response.text()}`)
    this.#files += 1
  }

  #failed(kind: string, error: unknown): void {
    if (this.#failing.has(kind)) return
    this.#failing.add(kind)
    this.#options.warn(`demo traffic (${kind}): ${error instanceof Error ? error.message : String(error)}`)
  }
}
