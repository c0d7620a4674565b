import type { ObjectProgress, WorkflowMetrics } from '@sluice/assets'
import type { SinkMetrics, SourceMetrics } from '../contracts.ts'
import { DeliveryError } from '../errors.ts'
import { ErrorRing, NodeCounters } from './counters.ts'
import { LatencyHistogram } from './histogram.ts'

const RECENT_ERRORS = 50

/**
 * The metrics of one workflow run: workflow totals, one {@link NodeCounters} per node, end-to-end
 * latency, recent errors and S3 object progress. It lives as long as the run, across restarts.
 */
export class WorkflowMeter {
  in = 0
  out = 0
  filtered = 0
  errors = 0
  readonly latency: LatencyHistogram
  private readonly nodes = new Map<string, NodeCounters>()
  private readonly recent = new ErrorRing(RECENT_ERRORS)
  private readonly progress = new Map<string, ObjectProgress>()
  private readonly now: () => number

  constructor(now: () => number = Date.now) {
    this.now = now
    this.latency = new LatencyHistogram(60_000, now)
  }

  /** The counters of a node, made on first use. */
  node(id: string, type: string): NodeCounters {
    let counters = this.nodes.get(id)
    if (!counters) {
      counters = new NodeCounters(id, type)
      this.nodes.set(id, counters)
    }
    return counters
  }

  nodeCounters(): NodeCounters[] {
    return [...this.nodes.values()]
  }

  /** Records a failure at a node for the operations view (the counters are the caller's). */
  recordError(node: string, error: Error): void {
    const code = error instanceof DeliveryError ? error.code : 'error'
    this.recent.push({ at: new Date(this.now()).toISOString(), code, message: error.message, node })
  }

  recentErrors() {
    return this.recent.list()
  }

  objects(): ObjectProgress[] {
    return [...this.progress.values()]
  }

  /** What a sink of `node` reports through its context. */
  sinkMetrics(node: string): SinkMetrics {
    const counters = this.node(node, 'sink')
    return {
      batchSent(entries, maxEntries) {
        counters.batches += 1
        counters.batchEntries += entries
        counters.batchCapacity += maxEntries
      },
      retried(entries) {
        counters.retries += entries
      },
    }
  }

  /**
   * What a source of `node` reports through its context; `caughtUp` goes to the workflow's sinks,
   * which the meter does not know.
   */
  sourceMetrics(node: string, caughtUp: () => void): SourceMetrics {
    return {
      caughtUp,
      objectProgress: (key, progress) => {
        const id = `${node}/${key}`
        if (progress) this.progress.set(id, progress)
        else this.progress.delete(id)
      },
    }
  }

  snapshot(): WorkflowMetrics {
    let retries = 0
    let entries = 0
    let capacity = 0
    for (const counters of this.nodes.values()) {
      retries += counters.retries
      entries += counters.batchEntries
      capacity += counters.batchCapacity
    }
    return {
      in: this.in,
      out: this.out,
      filtered: this.filtered,
      errors: this.errors,
      retries,
      inFlight: this.in - this.out - this.filtered - this.errors,
      batchFill: capacity === 0 ? 0 : entries / capacity,
      latencyMs: { p50: this.latency.quantile(0.5), p99: this.latency.quantile(0.99) },
    }
  }
}
