import type { ErrorSample } from '@sluice/assets'

/** What one workflow node has seen since its workflow started. */
export class NodeCounters {
  readonly node: string
  /** The node type: source, sink, map, filter, route or throttle. */
  readonly type: string
  in = 0
  out = 0
  filtered = 0
  errors = 0
  retries = 0
  batches = 0
  batchEntries = 0
  batchCapacity = 0

  constructor(node: string, type: string) {
    this.node = node
    this.type = type
  }

  /** Messages the node took and has not yet passed on, dropped or failed. */
  get inFlight(): number {
    return this.in - this.out - this.filtered - this.errors
  }

  /** Mean fill of the batches sent, 0–1 of the service maximum; 0 before the first batch. */
  get batchFill(): number {
    return this.batchCapacity === 0 ? 0 : this.batchEntries / this.batchCapacity
  }
}

/** The last `capacity` errors, oldest first; older ones are forgotten. */
export class ErrorRing {
  private readonly items: ErrorSample[] = []
  private readonly capacity: number

  constructor(capacity: number) {
    this.capacity = capacity
  }

  push(sample: ErrorSample): void {
    if (this.items.length >= this.capacity) this.items.shift()
    this.items.push(sample)
  }

  list(): ErrorSample[] {
    return [...this.items]
  }
}
