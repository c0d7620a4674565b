import { type Static, Type } from 'typebox'

/** Who made a change: a user (through a session or a token), an engine node, a file edit or the server. */
export const AuditActor = Type.Object({
  type: Type.Union([
    Type.Literal('user'),
    Type.Literal('node'),
    Type.Literal('file'),
    Type.Literal('system'),
  ]),
  name: Type.String(),
  /** How a user was authenticated: `session` or `token:<id>`. */
  via: Type.Optional(Type.String()),
})
export type AuditActor = Static<typeof AuditActor>

/** One changed field, at a JSON pointer; secret values appear only as a digest of their ciphertext. */
export const AuditDiffEntry = Type.Object({
  path: Type.String(),
  op: Type.Union([Type.Literal('add'), Type.Literal('remove'), Type.Literal('replace')]),
  before: Type.Optional(Type.Unknown()),
  after: Type.Optional(Type.Unknown()),
})
export type AuditDiffEntry = Static<typeof AuditDiffEntry>

/** One entry of the audit trail: who did what to what, when, with a masked diff. */
export const AuditEventView = Type.Object(
  {
    id: Type.String(),
    at: Type.String({ description: 'ISO 8601 time.' }),
    actor: AuditActor,
    /** What was done, e.g. `asset.update`, `user.create`, `deployment.activate`. */
    action: Type.String(),
    /** What it was done to, e.g. `sink.sqs/audit-queue`, `user/ann`. */
    target: Type.String(),
    diff: Type.Array(AuditDiffEntry),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { title: 'AuditEvent' },
)
export type AuditEventView = Static<typeof AuditEventView>

/** `GET /api/audit`. */
export const AuditEventList = Type.Object({ events: Type.Array(AuditEventView) })
export type AuditEventList = Static<typeof AuditEventList>

/** The query of `GET /api/audit`: every field narrows the events, newest first. */
export const AuditQuery = Type.Object({
  since: Type.Optional(Type.String({ description: 'ISO 8601 time, inclusive.' })),
  until: Type.Optional(Type.String({ description: 'ISO 8601 time, inclusive.' })),
  actor: Type.Optional(Type.String()),
  action: Type.Optional(
    Type.String({ description: 'An action or a prefix of one, e.g. `asset` or `asset.update`.' }),
  ),
  target: Type.Optional(Type.String({ description: 'A target or a prefix of one, e.g. `sink.sqs`.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
})
export type AuditQuery = Static<typeof AuditQuery>
