/** What arrived of what was sent, by id. */
export interface Tally {
  readonly sent: number
  readonly received: number
  readonly distinct: number
  /** Arrivals beyond the first of an id. */
  readonly duplicates: number
  /** Ids sent that never arrived. */
  readonly lost: readonly string[]
  /** Ids that arrived but were never sent. */
  readonly unexpected: readonly string[]
}

/** Compares the ids that arrived with the ids sent. */
export function tally(sent: readonly string[], received: readonly string[]): Tally {
  const arrived = new Set(received)
  const expected = new Set(sent)
  return {
    sent: sent.length,
    received: received.length,
    distinct: arrived.size,
    duplicates: received.length - arrived.size,
    lost: sent.filter((id) => !arrived.has(id)),
    unexpected: [...arrived].filter((id) => !expected.has(id)),
  }
}

/** `n` ids `<prefix>-0` … `<prefix>-(n-1)`. */
export function ids(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${i}`)
}

/** The `id` field of a JSON body, or the body itself when it has none. */
export function idOf(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed === 'object' && parsed !== null && 'id' in parsed) return String(parsed.id)
  } catch {}
  return body
}
