import type { DelegatedTest, DelegatedTestResult, ProbeReport } from '@sluice/assets'

/**
 * Tests handed to engine nodes: each sits in one node's desired state until that node sends the
 * report in a heartbeat or the wait runs out. Nothing here waits without a limit.
 */
export class TestDelegation {
  readonly #pending = new Map<string, DelegatedTest[]>()
  readonly #waiters = new Map<string, (report: ProbeReport | undefined) => void>()

  /** The tests a node should run now. */
  testsFor(nodeId: string): DelegatedTest[] {
    return this.#pending.get(nodeId) ?? []
  }

  /**
   * Queues a test for a node; resolves with its report, or undefined after `timeoutMs`. `onQueued`
   * runs once the test is in the node's desired state (to wake listeners).
   */
  delegate(nodeId: string, test: DelegatedTest, timeoutMs: number): Promise<ProbeReport | undefined> {
    this.#pending.set(nodeId, [...this.testsFor(nodeId), test])
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(undefined), timeoutMs)
      const finish = (report: ProbeReport | undefined) => {
        clearTimeout(timer)
        this.#waiters.delete(test.id)
        const left = this.testsFor(nodeId).filter((t) => t.id !== test.id)
        if (left.length > 0) this.#pending.set(nodeId, left)
        else this.#pending.delete(nodeId)
        resolve(report)
      }
      this.#waiters.set(test.id, finish)
    })
  }

  /** Hands the reports of a heartbeat to their waiters; reports of unknown or late tests are dropped. */
  settle(results: readonly DelegatedTestResult[]): void {
    for (const result of results) this.#waiters.get(result.id)?.(result.report)
  }

  /** Ends every wait (on shutdown). */
  close(): void {
    for (const finish of [...this.#waiters.values()]) finish(undefined)
  }
}
