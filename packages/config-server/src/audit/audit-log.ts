import { randomUUID } from 'node:crypto'
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { type AuditActor, AuditEventView, type AuditQuery } from '@sluice/assets'
import Value from 'typebox/value'
import type { DiffEntry } from './diff.ts'

/** One event of the audit trail, as each line of the file holds it and as the API shows it. */
export type AuditEvent = AuditEventView

export type { AuditActor, AuditQuery }

/** How many recent events are kept in memory for queries; older ones stay in the file. */
const IN_MEMORY = 50_000

/** Receives each event after it is stored, e.g. to publish it to EventBridge. Must not throw. */
export type AuditSink = (event: AuditEvent) => void

/**
 * The audit trail: one JSON line per change in `audit/audit.ndjson` of the data directory,
 * appended in order. Every write through the API records who, when, what and a masked diff.
 */
export class AuditLog {
  readonly #path: string
  #events: AuditEvent[] = []
  #tail: Promise<void> = Promise.resolve()
  readonly #sinks: AuditSink[] = []

  private constructor(path: string) {
    this.#path = path
  }

  static async open(dataDir: string): Promise<AuditLog> {
    const log = new AuditLog(join(dataDir, 'audit', 'audit.ndjson'))
    await mkdir(dirname(log.#path), { recursive: true })
    const text = await readFile(log.#path, 'utf8').catch(() => '')
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      try {
        const event: unknown = JSON.parse(line)
        if (Value.Check(AuditEventView, event)) log.#keep(event)
      } catch {
        // A line cut short by a crash is skipped; the lines before and after it still load.
      }
    }
    return log
  }

  /** Adds a listener for new events. */
  subscribe(sink: AuditSink): void {
    this.#sinks.push(sink)
  }

  /** Records an event; resolves once it is appended to the file. */
  record(
    entry: {
      actor: AuditActor
      action: string
      target: string
      diff?: DiffEntry[]
      details?: Record<string, unknown>
    },
    now = new Date(),
  ): Promise<AuditEvent> {
    const event: AuditEvent = {
      id: randomUUID(),
      at: now.toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      diff: entry.diff ?? [],
      ...(entry.details === undefined ? {} : { details: entry.details }),
    }
    this.#keep(event)
    const written = this.#tail.then(() =>
      appendFile(this.#path, `${JSON.stringify(event)}\n`, { mode: 0o600 }),
    )
    this.#tail = written.catch(() => undefined)
    for (const sink of this.#sinks) sink(event)
    return written.then(() => event)
  }

  /** Events matching `query`, newest first, at most `limit` (default 100, at most 1000), among the latest 50,000. */
  query(query: AuditQuery = {}): AuditEvent[] {
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000)
    const found: AuditEvent[] = []
    for (let i = this.#events.length - 1; i >= 0 && found.length < limit; i -= 1) {
      const event = this.#events[i]
      if (event && matches(event, query)) found.push(event)
    }
    return found
  }

  #keep(event: AuditEvent): void {
    this.#events.push(event)
    if (this.#events.length > IN_MEMORY * 1.1) this.#events.splice(0, this.#events.length - IN_MEMORY)
  }

  /** Waits until every recorded event is on disk. */
  flush(): Promise<void> {
    return this.#tail
  }
}

function matches(event: AuditEvent, query: AuditQuery): boolean {
  return (
    (query.since === undefined || event.at >= query.since) &&
    (query.until === undefined || event.at <= query.until) &&
    (query.actor === undefined || event.actor.name === query.actor) &&
    (query.action === undefined ||
      event.action === query.action ||
      event.action.startsWith(`${query.action}.`)) &&
    (query.target === undefined ||
      event.target === query.target ||
      event.target.startsWith(`${query.target}/`))
  )
}
