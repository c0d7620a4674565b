import type { ObjectProgress } from '@sluice/assets'
import type { AwsClients } from '@sluice/aws'
import type { ComponentContext, Logger, SourceMetrics, StateStore } from '../../runtime/contracts.ts'

/** One log call, kept by {@link RecordingLog}. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error'
  readonly fields: object
  readonly message: string
}

/** A logger that keeps what it is told, for assertions. */
export class RecordingLog implements Logger {
  readonly entries: LogEntry[] = []
  debug(fields: object, message: string): void {
    this.entries.push({ level: 'debug', fields, message })
  }
  info(fields: object, message: string): void {
    this.entries.push({ level: 'info', fields, message })
  }
  warn(fields: object, message: string): void {
    this.entries.push({ level: 'warn', fields, message })
  }
  error(fields: object, message: string): void {
    this.entries.push({ level: 'error', fields, message })
  }
  /** Messages logged at `level`. */
  at(level: LogEntry['level']): string[] {
    return this.entries.filter((e) => e.level === level).map((e) => e.message)
  }
}

/** A {@link StateStore} in memory; hand the same one to a second source to simulate a restart. */
export class MemoryStateStore implements StateStore {
  readonly values = new Map<string, string>()
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key)
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value)
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key)
  }
}

/** Records object progress as the operations view would see it. */
export class RecordingMetrics implements SourceMetrics {
  readonly current = new Map<string, ObjectProgress>()
  readonly history: { key: string; progress: ObjectProgress | undefined }[] = []
  /** Times the source said it caught up with its input. */
  caughtUps = 0
  caughtUp(): void {
    this.caughtUps += 1
  }
  objectProgress(key: string, progress: ObjectProgress | undefined): void {
    this.history.push({ key, progress })
    if (progress === undefined) this.current.delete(key)
    else this.current.set(key, progress)
  }
}

function unavailable(): never {
  throw new Error('unit tests inject the service API; no SDK client is made')
}

const noClients: AwsClients = {
  region: 'us-east-1',
  credentials: async () => ({ accessKeyId: 'test', secretAccessKey: 'test' }),
  s3: unavailable,
  sqs: unavailable,
  sns: unavailable,
  kinesis: unavailable,
  eventBridge: unavailable,
  sts: unavailable,
  destroy() {},
}

/** A source context for tests, with its log, state, metrics and the controller of its signal. */
export function testContext(
  options: { clients?: AwsClients; state?: MemoryStateStore } = {},
): ComponentContext & {
  metrics: RecordingMetrics
  log: RecordingLog
  state: MemoryStateStore
  abort: AbortController
} {
  const abort = new AbortController()
  return {
    workflow: 'wf',
    node: 'source',
    asset: 'asset',
    clients: options.clients ?? noClients,
    log: new RecordingLog(),
    state: options.state ?? new MemoryStateStore(),
    signal: abort.signal,
    metrics: new RecordingMetrics(),
    abort,
  }
}
