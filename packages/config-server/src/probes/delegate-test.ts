import type { Asset, DelegatedTest, ProbeReport, WireAsset } from '@sluice/assets'
import type { ClusterRegistry } from '../cluster/cluster-registry.ts'
import type { ClusterService } from '../cluster/cluster-service.ts'
import { report } from './report.ts'
import type { TestContext } from './test-context.ts'

function toWire(asset: Asset): WireAsset {
  return {
    kind: asset.kind,
    name: asset.name,
    requiredRoles: [...asset.requiredRoles],
    spec: asset.spec,
    ...(asset.description === undefined ? {} : { description: asset.description }),
  }
}

/**
 * Runs a test on an engine node because only nodes hold the keys of its secrets: a live node of
 * the cluster (the deployment's, else the one whose key the secrets are sealed to) that holds every
 * key and has the roles the assets need. Answers a failing report naming what is missing when no
 * node fits or the node does not answer within `timeoutMs`.
 */
export async function delegationReport(
  parts: { cluster: ClusterService; clusters: ClusterRegistry; timeoutMs: number },
  context: TestContext,
  fingerprints: readonly string[],
  id: string,
): Promise<ProbeReport> {
  const base = { kind: context.target.kind, name: context.target.name }
  const cluster =
    context.deployment === undefined
      ? (fingerprints.map((f) => parts.clusters.byFingerprint(f)?.name).find((n) => n !== undefined) ??
        context.cluster)
      : context.cluster
  const roles = context.requiredRoles
  const node = parts.cluster
    .nodes()
    .find(
      (n) =>
        n.cluster === cluster &&
        n.status === 'up' &&
        n.state === 'running' &&
        fingerprints.every((f) => n.keyFingerprints.includes(f)) &&
        roles.every((r) => n.roles.includes(r)),
    )
  if (!node) {
    const needs = `needs an engine node of cluster "${cluster}"`
    const detail = `that holds the key ${fingerprints.join(', ')}${roles.length > 0 ? ` and has the roles [${roles.join(', ')}]` : ''}`
    return report(
      base,
      [
        {
          name: 'Find an engine node to run the test',
          ok: false,
          code: 'test.needs-node',
          message: `${needs} ${detail}; none is up. The server cannot open these secrets, so the test must run where they can be opened.`,
          durationMs: 0,
        },
      ],
      { on: 'server' },
    )
  }
  const test: DelegatedTest = {
    id,
    target: base,
    assets: context.assets.map(toWire),
    variables: Object.fromEntries(context.variables),
  }
  const started = Date.now()
  const answered = await parts.cluster.delegation.delegate(node.nodeId, test, parts.timeoutMs)
  const location = { on: 'node' as const, nodeId: node.nodeId, cluster }
  if (!answered)
    return report(
      base,
      [
        {
          name: `Wait for engine node "${node.nodeId}"`,
          ok: false,
          code: 'test.timeout',
          message: `engine node "${node.nodeId}" did not report within ${Math.round(parts.timeoutMs / 1000)} s; is it heartbeating?`,
          durationMs: Date.now() - started,
        },
      ],
      location,
    )
  return { ...answered, ...base, location }
}
