import { type Static, Type } from 'typebox'

/**
 * One call a connection test made, as the engine would make it at run time. A failure names the IAM
 * action that was refused, so an admin knows what to add to the policy.
 */
export const ProbeResult = Type.Object({
  /** What was checked, e.g. `GetCallerIdentity`, `ReceiveMessage on orders`. */
  name: Type.String(),
  /** The IAM action the call needs, e.g. `sqs:ReceiveMessage`; absent for calls that need none. */
  action: Type.Optional(Type.String()),
  ok: Type.Boolean(),
  /** A stable code on failure: `aws.access-denied`, `aws.not-found`, `aws.unreachable`, `aws.timeout`, … */
  code: Type.Optional(Type.String()),
  message: Type.String(),
  durationMs: Type.Number(),
})
export type ProbeResult = Static<typeof ProbeResult>

/** Where a test ran: on the config server, or delegated to an engine node of a cluster. */
export const ProbeLocation = Type.Union([
  Type.Object({ on: Type.Literal('server') }),
  Type.Object({ on: Type.Literal('node'), nodeId: Type.String(), cluster: Type.String() }),
])
export type ProbeLocation = Static<typeof ProbeLocation>

/** The result of testing a connection or a source/sink asset: every probe, in the order made. */
export const ProbeReport = Type.Object({
  ok: Type.Boolean(),
  /** The asset tested. */
  kind: Type.String(),
  name: Type.String(),
  /** The identity the calls were made as (from `GetCallerIdentity`), when it resolved. */
  identity: Type.Optional(Type.Object({ account: Type.String(), arn: Type.String() })),
  probes: Type.Array(ProbeResult),
  ranAt: Type.String({ description: 'ISO 8601 time the test finished.' }),
  location: ProbeLocation,
})
export type ProbeReport = Static<typeof ProbeReport>

/** The live listings the editor's pickers are filled from. */
export const ListingKindSchema = Type.Union([
  Type.Literal('buckets'),
  Type.Literal('prefixes'),
  Type.Literal('queues'),
  Type.Literal('topics'),
  Type.Literal('streams'),
  Type.Literal('eventBuses'),
])

/** One entry of a live listing; `count` is what the picker shows beside it (messages, shards, objects). */
export const ListingItem = Type.Object({
  /** The value the field takes: a bucket name, a prefix, a queue URL, a topic ARN, a stream or bus name. */
  value: Type.String(),
  label: Type.String(),
  count: Type.Optional(Type.Number()),
  /** What `count` counts, e.g. `messages`, `shards`, `objects`. */
  countOf: Type.Optional(Type.String()),
})
export type ListingItem = Static<typeof ListingItem>

export const Listing = Type.Object({
  kind: ListingKindSchema,
  items: Type.Array(ListingItem),
  /** True when more exist than were listed. */
  truncated: Type.Boolean(),
})
export type Listing = Static<typeof Listing>
