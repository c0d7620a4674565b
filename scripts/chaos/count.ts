import { type Tally, tally } from '../../packages/engine/src/e2e/support/tally.ts'

/** How an output wraps the body that was sent: not at all, or as the `detail` of an EventBridge event. */
export type Wrapping = 'none' | 'eventbridge'

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : undefined

/**
 * The id of the message that `body` carries: its `id` field, or for an EventBridge event (whose
 * own `id` is the event's) the `id` of its `detail`. A body that is not such JSON is its own id, so
 * that it counts as unexpected rather than vanishing.
 */
export function sentIdOf(body: string, wrapping: Wrapping): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return body
  }
  const outer = record(parsed)
  const inner = wrapping === 'eventbridge' ? record(outer?.detail) : outer
  const id = inner?.id
  return typeof id === 'string' ? id : body
}

/** The counts of one workflow, as the report shows them. */
export interface WorkflowCount extends Tally {
  readonly workflow: string
  readonly label: string
}

/** Counts what arrived at a workflow's output (bodies as received) against the ids sent. */
export function countWorkflow(
  workflow: { readonly name: string; readonly label: string },
  sent: readonly string[],
  bodies: readonly string[],
  wrapping: Wrapping,
): WorkflowCount {
  return {
    workflow: workflow.name,
    label: workflow.label,
    ...tally(
      sent,
      bodies.map((b) => sentIdOf(b, wrapping)),
    ),
  }
}

/** The totals over every workflow. */
export function totals(counts: readonly WorkflowCount[]): {
  sent: number
  received: number
  duplicates: number
  lost: number
  unexpected: number
} {
  return {
    sent: counts.reduce((n, c) => n + c.sent, 0),
    received: counts.reduce((n, c) => n + c.received, 0),
    duplicates: counts.reduce((n, c) => n + c.duplicates, 0),
    lost: counts.reduce((n, c) => n + c.lost.length, 0),
    unexpected: counts.reduce((n, c) => n + c.unexpected.length, 0),
  }
}

/** Why the run failed, one line each; empty when nothing was lost or unexpected and the drain finished. */
export function failures(counts: readonly WorkflowCount[], drained: boolean): string[] {
  const out: string[] = []
  if (!drained) out.push('the inputs were not drained in time: messages were still waiting or in flight')
  for (const c of counts) {
    if (c.lost.length > 0)
      out.push(`${c.label}: ${c.lost.length} lost, e.g. ${c.lost.slice(0, 5).join(', ')}`)
    if (c.unexpected.length > 0)
      out.push(`${c.label}: ${c.unexpected.length} never sent, e.g. ${c.unexpected.slice(0, 5).join(', ')}`)
  }
  return out
}
