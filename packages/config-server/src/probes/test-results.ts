import { join } from 'node:path'
import { ProbeReport, type TestStatus } from '@sluice/assets'
import { Type } from 'typebox'
import { readJsonFile, writeJsonFile } from '../store/json-file.ts'
import { createSerialQueue } from '../store/serial.ts'

const ResultsFile = Type.Object({ results: Type.Record(Type.String(), ProbeReport) })

/** The last test report of each asset, kept in `tests.json` of the data directory across restarts. */
export class TestResults {
  readonly #path: string
  readonly #results: Map<string, ProbeReport>
  readonly #queue = createSerialQueue()

  private constructor(path: string, results: Map<string, ProbeReport>) {
    this.#path = path
    this.#results = results
  }

  static async open(dataDir: string): Promise<TestResults> {
    const path = join(dataDir, 'tests.json')
    const file = await readJsonFile(path, ResultsFile, { results: {} })
    return new TestResults(path, new Map(Object.entries(file.results)))
  }

  /** The last report of `kind/name`. */
  last(key: string): ProbeReport | undefined {
    return this.#results.get(key)
  }

  /** The list's view of the last report; `untested` when there is none. */
  status(key: string): TestStatus {
    const report = this.#results.get(key)
    if (!report) return { status: 'untested' }
    const failed = report.probes.find((p) => !p.ok)
    return report.ok
      ? { status: 'connected', ranAt: report.ranAt }
      : { status: 'failing', ranAt: report.ranAt, ...(failed ? { message: failed.message } : {}) }
  }

  /** Keeps a report as the asset's last. */
  record(key: string, report: ProbeReport): Promise<void> {
    this.#results.set(key, report)
    return this.#queue.run(() =>
      writeJsonFile(this.#path, { results: Object.fromEntries(this.#results) }, 0o644),
    )
  }

  /** Moves the last report when an asset is renamed, and drops it when it is deleted. */
  move(from: string, to: string | undefined): Promise<void> {
    const report = this.#results.get(from)
    if (!report) return Promise.resolve()
    this.#results.delete(from)
    if (to !== undefined) this.#results.set(to, { ...report, name: to.slice(to.indexOf('/') + 1) })
    return this.#queue.run(() =>
      writeJsonFile(this.#path, { results: Object.fromEntries(this.#results) }, 0o644),
    )
  }
}
