import { Listing, NodeRegistration, ProbeReport, WorkflowStatus } from '@sluice/assets'
import { type Static, Type } from 'typebox'

/**
 * The shapes of the config server's answers, checked on arrival. The server declares the same
 * shapes in its route schemas (see `/api/openapi.json`); they are restated here because the
 * server package is Node-only and the editor imports only @sluice/assets.
 */

export const IssueView = Type.Object({
  file: Type.Optional(Type.String()),
  path: Type.String(),
  code: Type.String(),
  message: Type.String(),
})
export type IssueView = Static<typeof IssueView>

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    issues: Type.Optional(Type.Array(IssueView)),
  }),
})

export const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('integrator'),
  Type.Literal('operator'),
  Type.Literal('viewer'),
])
export type Role = Static<typeof Role>

export const SessionView = Type.Object({
  user: Type.Object({ username: Type.String(), role: Role }),
  via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  csrfToken: Type.Optional(Type.String()),
})
export type SessionView = Static<typeof SessionView>

export const TestStatus = Type.Object({
  status: Type.Union([Type.Literal('connected'), Type.Literal('failing'), Type.Literal('untested')]),
  ranAt: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
})
export type TestStatus = Static<typeof TestStatus>

export const AssetView = Type.Object({
  kind: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  requiredRoles: Type.Array(Type.String()),
  spec: Type.Unknown(),
  file: Type.String(),
  version: Type.String(),
  issues: Type.Array(IssueView),
  test: Type.Optional(TestStatus),
})
export type AssetView = Static<typeof AssetView>

export const AssetList = Type.Object({ assets: Type.Array(AssetView) })
export const RenameResult = Type.Object({ asset: AssetView, updated: Type.Array(AssetView) })
export const Usages = Type.Object({
  usages: Type.Array(Type.Object({ kind: Type.String(), name: Type.String(), path: Type.String() })),
})
export type Usage = Static<typeof Usages>['usages'][number]

export const MacroNamesView = Type.Object({
  environments: Type.Array(Type.String()),
  secrets: Type.Array(Type.String()),
  lay: Type.Array(Type.Object({ name: Type.String(), value: Type.String(), from: Type.String() })),
  sec: Type.Array(Type.Object({ name: Type.String(), resource: Type.String(), key: Type.String() })),
  build: Type.Array(Type.String()),
  prefixes: Type.Array(Type.String()),
})
export type MacroNamesView = Static<typeof MacroNamesView>

export const ProjectValidation = Type.Object({
  assets: Type.Integer(),
  valid: Type.Boolean(),
  issues: Type.Array(IssueView),
})

export { Listing, ProbeReport }

export const PresignedUpload = Type.Object({
  url: Type.String(),
  headers: Type.Record(Type.String(), Type.String()),
  expiresAt: Type.String(),
  bucket: Type.String(),
  key: Type.String(),
})
export type PresignedUpload = Static<typeof PresignedUpload>

export const KeyView = Type.Object({
  fingerprint: Type.String(),
  owner: Type.Union([Type.Literal('server'), Type.Literal('cluster')]),
  cluster: Type.Optional(Type.String()),
  publicKeyPem: Type.String(),
  canDecrypt: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: Type.String(),
})
export type KeyView = Static<typeof KeyView>

export const ClusterView = Type.Object({
  name: Type.String(),
  description: Type.Optional(Type.String()),
  publicKeyPem: Type.Optional(Type.String()),
  fingerprint: Type.Optional(Type.String()),
  allowAmbient: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})
export type ClusterView = Static<typeof ClusterView>

export const UserView = Type.Object({
  username: Type.String(),
  role: Role,
  disabled: Type.Boolean(),
  createdAt: Type.String(),
})
export type UserView = Static<typeof UserView>

export const TokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  username: Type.String(),
  role: Role,
  scopes: Type.Array(Type.String()),
  createdAt: Type.String(),
  expiresAt: Type.Optional(Type.String()),
  revokedAt: Type.Optional(Type.String()),
  lastUsedAt: Type.Optional(Type.String()),
})
export type TokenView = Static<typeof TokenView>

export const AuditEventView = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.Object({ type: Type.String(), name: Type.String(), via: Type.Optional(Type.String()) }),
  action: Type.String(),
  target: Type.String(),
  diff: Type.Array(
    Type.Object({
      path: Type.String(),
      op: Type.String(),
      before: Type.Optional(Type.Unknown()),
      after: Type.Optional(Type.Unknown()),
    }),
  ),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})
export type AuditEventView = Static<typeof AuditEventView>

export const BundleSummary = Type.Object({
  id: Type.String(),
  deployment: Type.String(),
  version: Type.Integer(),
  tag: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  workflows: Type.Array(Type.String()),
})
export type BundleSummary = Static<typeof BundleSummary>

export const WorkflowPlacement = Type.Object({
  workflow: Type.String(),
  singleton: Type.Boolean(),
  requiredRoles: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('placed'), Type.Literal('unschedulable'), Type.Literal('stopped')]),
  nodes: Type.Array(Type.String()),
  reason: Type.Optional(Type.String()),
  leaseExpiresAt: Type.Optional(Type.String()),
})
export type WorkflowPlacement = Static<typeof WorkflowPlacement>

export const DeploymentPlacement = Type.Object({
  deployment: Type.String(),
  bundle: BundleSummary,
  cluster: Type.String(),
  workflows: Type.Array(WorkflowPlacement),
})
export type DeploymentPlacement = Static<typeof DeploymentPlacement>

export const DeploymentView = Type.Object({
  name: Type.String(),
  inProject: Type.Boolean(),
  cluster: Type.Optional(Type.String()),
  active: Type.Optional(Type.Integer()),
  history: Type.Array(Type.Integer()),
  stopped: Type.Array(Type.String()),
  bundles: Type.Array(BundleSummary),
  placement: Type.Optional(DeploymentPlacement),
})
export type DeploymentView = Static<typeof DeploymentView>

export const NodeView = Type.Intersect([
  NodeRegistration,
  Type.Object({
    registeredAt: Type.String(),
    lastSeenAt: Type.String(),
    state: Type.Union([Type.Literal('running'), Type.Literal('draining')]),
    status: Type.Union([Type.Literal('up'), Type.Literal('late'), Type.Literal('gone')]),
    workflows: Type.Array(WorkflowStatus),
  }),
])
export type NodeView = Static<typeof NodeView>

export const OperationsSnapshot = Type.Object({
  nodes: Type.Array(NodeView),
  deployments: Type.Array(DeploymentPlacement),
})
export type OperationsSnapshot = Static<typeof OperationsSnapshot>
