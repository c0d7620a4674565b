import type { DelegatedTest, DelegatedTestResult, ProbeLocation, ProbeReport } from '@sluice/assets'
import type { Logger } from '../runtime/contracts.ts'

/** Runs one delegated test; `signal` aborts when its time is up. */
export type TestExecutor = (test: DelegatedTest, signal: AbortSignal) => Promise<ProbeReport>

export interface DelegatedTestsParts {
  readonly execute: TestExecutor
  readonly location: Extract<ProbeLocation, { on: 'node' }>
  /** Time limit of one test, after which a `test.timeout` report is sent instead. */
  readonly timeoutMs: number
  /** Tests run at once (default 4); the rest wait for a later heartbeat, which lists them again. */
  readonly maxConcurrent?: number
  readonly log: Logger
}

/**
 * The delegated tests of a node: each test the desired state lists is run once, time-limited, and
 * its report is sent with every heartbeat until one is accepted. The server lists a test until it
 * has the report, so a test id already run is not run again.
 */
export class DelegatedTests {
  readonly #parts: DelegatedTestsParts
  readonly #running = new Map<string, Promise<void>>()
  readonly #done = new Set<string>()
  #results: DelegatedTestResult[] = []

  constructor(parts: DelegatedTestsParts) {
    this.#parts = parts
  }

  /** Starts the tests of a desired state that are new to this node. */
  offer(tests: readonly DelegatedTest[]): void {
    const listed = new Set(tests.map((t) => t.id))
    const unsent = new Set(this.#results.map((r) => r.id))
    for (const id of this.#done) if (!listed.has(id) && !unsent.has(id)) this.#done.delete(id)
    for (const test of tests) {
      if (this.#running.has(test.id) || this.#done.has(test.id)) continue
      if (this.#running.size >= (this.#parts.maxConcurrent ?? 4)) break
      this.#start(test)
    }
  }

  /** Reports ready to send. */
  results(): DelegatedTestResult[] {
    return [...this.#results]
  }

  /** Forgets reports the server accepted. */
  acknowledge(sent: readonly DelegatedTestResult[]): void {
    const ids = new Set(sent.map((r) => r.id))
    this.#results = this.#results.filter((r) => !ids.has(r.id))
  }

  /** Waits for the tests under way (each bounded by its time limit). */
  async settled(): Promise<void> {
    await Promise.all(this.#running.values())
  }

  #start(test: DelegatedTest): void {
    const { timeoutMs, log } = this.#parts
    const controller = new AbortController()
    const started = Date.now()
    let timer: NodeJS.Timeout | undefined
    const limit = new Promise<ProbeReport>((resolve) => {
      timer = setTimeout(() => {
        controller.abort()
        resolve(this.#timedOut(test, Date.now() - started))
      }, timeoutMs)
    })
    const work = this.#parts
      .execute(test, controller.signal)
      .catch(
        (error: unknown): ProbeReport =>
          this.#failed(test, 'test.failed', `the test could not run: ${String(error)}`, Date.now() - started),
      )
    log.info({ test: test.id, target: `${test.target.kind}/${test.target.name}` }, 'running a delegated test')
    const running = Promise.race([work, limit]).then((report) => {
      clearTimeout(timer)
      this.#running.delete(test.id)
      this.#done.add(test.id)
      this.#results.push({ id: test.id, report })
      log.info({ test: test.id, ok: report.ok }, 'delegated test finished')
    })
    this.#running.set(test.id, running)
  }

  #timedOut(test: DelegatedTest, durationMs: number): ProbeReport {
    return this.#failed(
      test,
      'test.timeout',
      `engine node "${this.#parts.location.nodeId}" did not finish the test within ${Math.round(this.#parts.timeoutMs / 1000)} s`,
      durationMs,
    )
  }

  #failed(test: DelegatedTest, code: string, message: string, durationMs: number): ProbeReport {
    return {
      ok: false,
      kind: test.target.kind,
      name: test.target.name,
      probes: [{ name: 'Run the test', ok: false, code, message, durationMs }],
      ranAt: new Date().toISOString(),
      location: this.#parts.location,
    }
  }
}
