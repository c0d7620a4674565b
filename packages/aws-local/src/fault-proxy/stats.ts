import type { FaultKind } from './faults.ts'

/** What a fault proxy has done so far. */
export interface FaultStats {
  readonly calls: number
  readonly faults: Readonly<Record<FaultKind, number>>
  /** Per call, as `<service> <operation>` (e.g. `sqs SendMessageBatch`): calls and faults by kind. */
  readonly operations: Readonly<Record<string, Readonly<Partial<Record<FaultKind | 'calls', number>>>>>
  /** Entries reported failed by `partial` faults (never stored by the service). */
  readonly failedEntries: number
}

/** Counts calls and faults as the proxy goes. */
export class FaultCounter {
  private calls = 0
  private failedEntries = 0
  private readonly faults: Record<FaultKind, number> = {
    throttle: 0,
    'server-error': 0,
    'drop-before': 0,
    'drop-after': 0,
    partial: 0,
  }
  private readonly operations = new Map<string, Partial<Record<FaultKind | 'calls', number>>>()

  call(name: string): void {
    this.calls += 1
    this.bump(name, 'calls')
  }

  fault(name: string, kind: FaultKind, failedEntries = 0): void {
    this.faults[kind] += 1
    this.failedEntries += failedEntries
    this.bump(name, kind)
  }

  snapshot(): FaultStats {
    return {
      calls: this.calls,
      faults: { ...this.faults },
      operations: Object.fromEntries([...this.operations].map(([name, counts]) => [name, { ...counts }])),
      failedEntries: this.failedEntries,
    }
  }

  private bump(name: string, key: FaultKind | 'calls'): void {
    const counts = this.operations.get(name) ?? {}
    counts[key] = (counts[key] ?? 0) + 1
    this.operations.set(name, counts)
  }
}
