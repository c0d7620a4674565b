import type { Asset } from '../asset.ts'
import { type Issue, issue } from '../issues.ts'
import { connectionAws } from '../kinds/connection-aws.ts'
import { deployment } from '../kinds/deployment.ts'
import { workflow } from '../kinds/workflow.ts'
import { deploymentLookups } from '../macros/deployment-lookups.ts'
import type { StaticLookups } from '../macros/resolve.ts'
import { resolveSpec } from '../macros/resolve-spec.ts'
import { referencesOf, resolveReference } from '../references.ts'
import { isAuthored } from '../spec/guards.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { partitionOf } from './arn.ts'
import type { IamContext, IamStatement } from './types.ts'

export interface IamPolicy {
  Version: '2012-10-17'
  Statement: IamStatement[]
}

export type PolicyTarget = { workflow: string } | { deployment: string }

/**
 * The least-privilege policy the engine's identity needs to run a workflow or a deployment: the
 * statements of every source and sink it uses, with resources narrowed to exact ARNs. Static
 * macros are resolved from the deployment's environments (for a workflow, from the first
 * deployment that runs it). Assets whose names cannot be resolved are left out and reported.
 */
export function policyFor(
  registry: AssetRegistry,
  assets: readonly Asset[],
  target: PolicyTarget,
): { policy: IamPolicy; issues: Issue[] } {
  const find = (kind: string, name: string) => assets.find((a) => a.kind === kind && a.name === name)
  const issues: Issue[] = []
  const chosen =
    'deployment' in target
      ? find('deployment', target.deployment)
      : assets.find(
          (a) =>
            isAuthored(deployment, a.spec) &&
            a.kind === 'deployment' &&
            a.spec.workflows.includes(target.workflow),
        )
  const deploymentSpec = chosen && isAuthored(deployment, chosen.spec) ? chosen.spec : undefined
  if ('deployment' in target && !deploymentSpec) {
    return {
      policy: emptyPolicy(),
      issues: [issue('ref.missing', '', `no deployment named "${target.deployment}"`)],
    }
  }
  const workflowNames = 'workflow' in target ? [target.workflow] : (deploymentSpec?.workflows ?? [])
  const lookups = deploymentLookups(assets, deploymentSpec ?? { environments: [], secrets: [] })
  const statements: IamStatement[] = []
  for (const name of workflowNames) {
    const flow = find('workflow', name)
    if (!flow || !isAuthored(workflow, flow.spec)) {
      issues.push(issue('ref.missing', '', `no valid workflow named "${name}"`))
      continue
    }
    for (const node of flow.spec.nodes) {
      if (!('asset' in node) || (node.type !== 'source' && node.type !== 'sink')) continue
      const asset = resolveReference(assets, { name: node.asset, kinds: [`${node.type}.*`] })
      if (asset) statements.push(...assetStatements(registry, assets, asset, lookups, issues))
    }
  }
  return { policy: { Version: '2012-10-17', Statement: mergeStatements(statements) }, issues }
}

function assetStatements(
  registry: AssetRegistry,
  assets: readonly Asset[],
  asset: Asset,
  lookups: StaticLookups,
  issues: Issue[],
): IamStatement[] {
  const type = registry.get(asset.kind)
  if (!type?.iam) return []
  const connectionRef = referencesOf(registry, asset).find((r) => r.kinds.includes(connectionAws.kind))
  const connection = connectionRef ? resolveReference(assets, connectionRef) : undefined
  const context = connection ? iamContext(connection, lookups) : undefined
  const resolved = resolveSpec(type, asset.spec, lookups)
  if (!context || !resolved.spec) {
    const why = resolved.issues[0]?.message ?? 'its connection or a static macro could not be resolved'
    issues.push({
      ...issue('macro.missing', '', `${asset.kind} "${asset.name}" left out of the policy: ${why}`),
      ...fileOf(asset),
    })
    return []
  }
  return type.iam(resolved.spec, context).map((s) => ({ ...s, Sid: s.Sid ?? sid(asset) }))
}

function iamContext(connection: Asset, lookups: StaticLookups): IamContext | undefined {
  const { spec } = resolveSpec(connectionAws, connection.spec, lookups)
  if (!spec) return undefined
  return { partition: partitionOf(spec.region), region: spec.region, account: spec.accountId ?? '*' }
}

function mergeStatements(statements: IamStatement[]): IamStatement[] {
  const merged = new Map<string, IamStatement>()
  for (const statement of statements) {
    const actions = [...new Set(statement.Action)].sort()
    const key = `${actions.join(',')}|${JSON.stringify(statement.Condition ?? {})}`
    const existing = merged.get(key)
    if (existing) existing.Resource = [...new Set([...existing.Resource, ...statement.Resource])].sort()
    else
      merged.set(key, {
        Sid: statement.Sid ?? 'Sluice',
        Effect: 'Allow',
        Action: actions,
        Resource: [...new Set(statement.Resource)].sort(),
        ...(statement.Condition ? { Condition: statement.Condition } : {}),
      })
  }
  return uniqueSids([...merged.values()])
}

/** IAM refuses a policy whose statements share a Sid; the second and later get a number. */
function uniqueSids(statements: IamStatement[]): IamStatement[] {
  const used = new Map<string, number>()
  return statements.map((statement) => {
    const base = statement.Sid ?? 'Sluice'
    const count = (used.get(base) ?? 0) + 1
    used.set(base, count)
    return count === 1 ? statement : { ...statement, Sid: `${base}${count}` }
  })
}

function sid(asset: Asset): string {
  return asset.name.replace(/(^|[-_])([a-z0-9])/gi, (_m, _sep, c: string) => c.toUpperCase())
}

function fileOf(asset: Asset): { file?: string } {
  return asset.file === undefined ? {} : { file: asset.file }
}

function emptyPolicy(): IamPolicy {
  return { Version: '2012-10-17', Statement: [] }
}
