import { type Static, Type } from 'typebox'
import { WorkflowStatus } from '../cluster/metrics.ts'
import { NodeRegistration } from '../cluster/protocol.ts'

/** A bundle's identity and label, as deployment lists show it (the bundle itself is a `Bundle`). */
export const BundleSummary = Type.Object(
  {
    /** `<deployment>@<version>`. */
    id: Type.String(),
    deployment: Type.String(),
    version: Type.Integer(),
    tag: Type.String(),
    createdAt: Type.String(),
    createdBy: Type.String(),
    workflows: Type.Array(Type.String()),
  },
  { title: 'BundleSummary' },
)
export type BundleSummary = Static<typeof BundleSummary>

/** Where one workflow of a deployed bundle runs, or why it cannot. */
export const WorkflowPlacement = Type.Object({
  workflow: Type.String(),
  /** Singleton work (an S3 source that polls) runs on exactly one node under a lease. */
  singleton: Type.Boolean(),
  /** The roles of the workflow and of every asset it uses. */
  requiredRoles: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('placed'), Type.Literal('unschedulable'), Type.Literal('stopped')]),
  nodes: Type.Array(Type.String()),
  /** For `unschedulable`: `unschedulable: needs roles [...]` and why no node fits. */
  reason: Type.Optional(Type.String()),
  leaseExpiresAt: Type.Optional(Type.String()),
})
export type WorkflowPlacement = Static<typeof WorkflowPlacement>

/** A deployment's active bundle and where its workflows run. */
export const DeploymentPlacement = Type.Object(
  {
    deployment: Type.String(),
    bundle: BundleSummary,
    cluster: Type.String(),
    workflows: Type.Array(WorkflowPlacement),
  },
  { title: 'DeploymentPlacement' },
)
export type DeploymentPlacement = Static<typeof DeploymentPlacement>

/** A deployment as the API lists it: its bundles, the active one and where it runs. */
export const DeploymentView = Type.Object(
  {
    name: Type.String(),
    /** False when the deployment asset is gone from the project; its bundles remain. */
    inProject: Type.Boolean(),
    cluster: Type.Optional(Type.String()),
    /** The bundle version running, if any. */
    active: Type.Optional(Type.Integer()),
    /** Versions activated before, most recent last: what a rollback goes back to. */
    history: Type.Array(Type.Integer()),
    /** Workflows an operator stopped; they stay stopped across activations until started. */
    stopped: Type.Array(Type.String()),
    bundles: Type.Array(BundleSummary),
    placement: Type.Optional(DeploymentPlacement),
  },
  { title: 'Deployment' },
)
export type DeploymentView = Static<typeof DeploymentView>

/** `GET /api/deployments`. */
export const DeploymentList = Type.Object({ deployments: Type.Array(DeploymentView) })
export type DeploymentList = Static<typeof DeploymentList>

/** `POST /api/deployments/:name/bundles`: the bundle made, and what the build warns of. */
export const BuiltBundle = Type.Object({ bundle: BundleSummary, warnings: Type.Array(Type.String()) })
export type BuiltBundle = Static<typeof BuiltBundle>

/** `POST /api/deployments/:name/activate`: the bundle version to run. */
export const Activation = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
)
export type Activation = Static<typeof Activation>

/** `POST /api/deployments/:name/rollback`: the version to go back to; by default the one active before. */
export const Rollback = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
)
export type Rollback = Static<typeof Rollback>

/** What an operator can do to a deployed workflow. */
export const WorkflowAction = Type.Union([
  Type.Literal('start'),
  Type.Literal('stop'),
  Type.Literal('restart'),
])
export type WorkflowAction = Static<typeof WorkflowAction>

/** An engine node as the API shows it: its registration, its heartbeats and its live workflows. */
export const NodeView = Type.Object(
  {
    ...NodeRegistration.properties,
    registeredAt: Type.String(),
    lastSeenAt: Type.String(),
    /** What the node says it is doing; a `draining` node takes no new work. */
    state: Type.Union([Type.Literal('running'), Type.Literal('draining')]),
    /** The generation of the desired state last sent, and the one the node says it reconciled. */
    generation: Type.Integer(),
    reportedGeneration: Type.Integer(),
    /** From its heartbeats: `late` once silent past the late threshold, `gone` after twice that. */
    status: Type.Union([Type.Literal('up'), Type.Literal('late'), Type.Literal('gone')]),
    workflows: Type.Array(WorkflowStatus),
  },
  { title: 'Node' },
)
export type NodeView = Static<typeof NodeView>

/** `GET /api/cluster/nodes`. */
export const NodeList = Type.Object({ nodes: Type.Array(NodeView) })
export type NodeList = Static<typeof NodeList>

/**
 * `GET /api/operations`, and the `snapshot` event of `/api/operations/events` (whose `heartbeat`
 * event carries one {@link NodeView}): every node, and where each active deployment runs.
 */
export const OperationsSnapshot = Type.Object(
  { nodes: Type.Array(NodeView), deployments: Type.Array(DeploymentPlacement) },
  { title: 'OperationsSnapshot' },
)
export type OperationsSnapshot = Static<typeof OperationsSnapshot>
