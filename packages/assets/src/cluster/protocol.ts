import { type Static, Type } from 'typebox'
import { ROLE_PATTERN } from '../asset.ts'
import { NAME_PATTERN } from '../spec/names.ts'
import { WorkflowStatus } from './metrics.ts'
import { ProbeReport } from './probe-report.ts'

/**
 * The protocol between engine nodes and the config server, over HTTP with a bearer token:
 *
 * 1. `POST /api/cluster/nodes` with a {@link NodeRegistration}: answers a {@link NodeRegistered}.
 * 2. Every `heartbeatIntervalMs`, `POST /api/cluster/nodes/:nodeId/heartbeat` with a
 *    {@link Heartbeat}: answers the node's {@link DesiredState}. The node reconciles: it starts
 *    assignments it does not run, stops runs that are no longer assigned, and reports them all.
 * 3. `GET /api/cluster/bundles/:bundleId` for each bundle an assignment names: a {@link Bundle},
 *    immutable, which the node caches on disk so it keeps running while the server is away.
 * 4. Tests the server could not run itself arrive in `DesiredState.tests`; the node runs them and
 *    sends the reports in its next heartbeat.
 */

export const NodeRegistration = Type.Object({
  /** A stable id the node keeps across restarts (kept in its data directory). */
  nodeId: Type.String({ pattern: NAME_PATTERN }),
  cluster: Type.String({ pattern: NAME_PATTERN }),
  roles: Type.Array(Type.String({ pattern: ROLE_PATTERN }), { uniqueItems: true }),
  /** The engine version, e.g. `0.1.0`. */
  version: Type.String(),
  hostname: Type.String(),
  /** Fingerprints of the private keys the node holds, so the server can tell what it can decrypt. */
  keyFingerprints: Type.Array(Type.String()),
  /** The node's HTTP port for `/metrics`, when it runs one. */
  metricsPort: Type.Optional(Type.Integer()),
})
export type NodeRegistration = Static<typeof NodeRegistration>

export const NodeRegistered = Type.Object({
  nodeId: Type.String(),
  heartbeatIntervalMs: Type.Integer({ minimum: 100 }),
  /** A node not heard from for this long is `late`; after twice as long it is `gone`. */
  lateAfterMs: Type.Integer(),
})
export type NodeRegistered = Static<typeof NodeRegistered>

/** One delegated test's outcome, sent back with the next heartbeat. */
export const DelegatedTestResult = Type.Object({
  id: Type.String(),
  report: ProbeReport,
})
export type DelegatedTestResult = Static<typeof DelegatedTestResult>

export const Heartbeat = Type.Object({
  /** The generation of the desired state the node has reconciled to. */
  generation: Type.Integer(),
  state: Type.Union([Type.Literal('running'), Type.Literal('draining')]),
  startedAt: Type.String(),
  workflows: Type.Array(WorkflowStatus),
  testResults: Type.Array(DelegatedTestResult, { default: [] }),
})
export type Heartbeat = Static<typeof Heartbeat>

/** One workflow of one deployment version that a node should run. */
export const Assignment = Type.Object({
  deployment: Type.String(),
  version: Type.Integer(),
  bundleId: Type.String(),
  workflow: Type.String(),
  /** Singleton work (S3 polling) runs on exactly one node, under a lease the heartbeat renews. */
  singleton: Type.Boolean(),
  leaseExpiresAt: Type.Optional(Type.String()),
})
export type Assignment = Static<typeof Assignment>

/** An asset sent to an engine node for a delegated test: the connection and the asset tested. */
export const WireAsset = Type.Object({
  kind: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  requiredRoles: Type.Array(Type.String()),
  spec: Type.Unknown(),
})
export type WireAsset = Static<typeof WireAsset>

/** A test the server asks a node to run, because only the node can decrypt its secrets or reach AWS. */
export const DelegatedTest = Type.Object({
  id: Type.String(),
  /** The asset to test: a connection, source or sink. */
  target: Type.Object({ kind: Type.String(), name: Type.String() }),
  /** The target and everything it references (connections, secret resources, still encrypted). */
  assets: Type.Array(WireAsset),
  /** Merged environment variables for `${lay:...}` macros. */
  variables: Type.Record(Type.String(), Type.String()),
})
export type DelegatedTest = Static<typeof DelegatedTest>

export const DesiredState = Type.Object({
  generation: Type.Integer(),
  /**
   * The cluster's ambient-identity switch, set by an admin: when false, the node's workflows and
   * tests may not use the default provider chain, instance or container roles, or web identity.
   * Absent means allowed; a node's own `--deny-ambient` refuses them whatever this says.
   */
  allowAmbient: Type.Optional(Type.Boolean()),
  assignments: Type.Array(Assignment),
  tests: Type.Array(DelegatedTest, { default: [] }),
})
export type DesiredState = Static<typeof DesiredState>

/**
 * An immutable, versioned deployment: the workflows, every asset they reference, the merged
 * environment and the secret resources still encrypted to the cluster key.
 */
export const Bundle = Type.Object({
  /** `<deployment>@<version>`. */
  id: Type.String(),
  deployment: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  cluster: Type.String(),
  /** The deployment's tag, rendered when the bundle was made. */
  tag: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  workflows: Type.Array(Type.String()),
  /** Workflows, sources, sinks, connections and secret resources, as in the project. */
  assets: Type.Array(WireAsset),
  /** The deployment's environments merged in order: what `${lay:...}` reads. */
  variables: Type.Record(Type.String(), Type.String()),
  /** What `${build:...}` reads: `tag`, `version`, `timestamp`, `deployment`. */
  build: Type.Record(Type.String(), Type.String()),
})
export type Bundle = Static<typeof Bundle>
