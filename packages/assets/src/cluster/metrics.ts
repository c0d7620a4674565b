import { type Static, Type } from 'typebox'

/**
 * Counters of one workflow on one engine node since it started. `in` counts messages the sources
 * emitted; every one of them ends as `out` (delivered by all its branches), `filtered` (dropped on
 * purpose) or `errors` (nacked), or is still `inFlight`.
 */
export const WorkflowMetrics = Type.Object({
  in: Type.Number(),
  out: Type.Number(),
  filtered: Type.Number(),
  errors: Type.Number(),
  /** Entries sent again after a throttle, a 5xx or a partial batch failure. */
  retries: Type.Number(),
  inFlight: Type.Number(),
  /** Mean fill of the batches sinks sent, 0–1 of the service maximum. */
  batchFill: Type.Number(),
  /** End-to-end latency from receipt to settlement, in milliseconds. */
  latencyMs: Type.Object({ p50: Type.Number(), p99: Type.Number() }),
})
export type WorkflowMetrics = Static<typeof WorkflowMetrics>

/** How far an S3 source is through one object. */
export const ObjectProgress = Type.Object({
  bucket: Type.String(),
  key: Type.String(),
  bytesRead: Type.Number(),
  totalBytes: Type.Number(),
  records: Type.Number(),
})
export type ObjectProgress = Static<typeof ObjectProgress>

/** A recent failure, kept so the operations view can show what went wrong. */
export const ErrorSample = Type.Object({
  at: Type.String({ description: 'ISO 8601 time.' }),
  code: Type.String(),
  message: Type.String(),
  /** The workflow node where it happened. */
  node: Type.Optional(Type.String()),
})
export type ErrorSample = Static<typeof ErrorSample>

/**
 * The states a workflow moves through on a node. `failed-config`: its assets or macros cannot be
 * resolved (fix the project); `failed-dependency`: an AWS resource or credential is unavailable
 * (the node retries).
 */
export const WorkflowState = Type.Union([
  Type.Literal('starting'),
  Type.Literal('running'),
  Type.Literal('draining'),
  Type.Literal('stopped'),
  Type.Literal('failed-config'),
  Type.Literal('failed-dependency'),
])
export type WorkflowState = Static<typeof WorkflowState>

/** One workflow's live status on a node. */
export const WorkflowStatus = Type.Object({
  deployment: Type.String(),
  version: Type.Integer(),
  workflow: Type.String(),
  state: WorkflowState,
  /** Why it is in a failed or stopped state, readable by a person. */
  reason: Type.Optional(Type.String()),
  since: Type.String({ description: 'ISO 8601 time of the last state change.' }),
  metrics: WorkflowMetrics,
  objects: Type.Array(ObjectProgress, { default: [] }),
  recentErrors: Type.Array(ErrorSample, { default: [] }),
})
export type WorkflowStatus = Static<typeof WorkflowStatus>
