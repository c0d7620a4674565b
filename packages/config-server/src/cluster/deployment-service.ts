import {
  type Asset,
  assetKey,
  type BuiltBundle,
  type Bundle,
  buildBundle,
  closure,
  type DeploymentPlacement,
  type DeploymentView,
  deployment,
  isAuthored,
  type WorkflowAction,
} from '@sluice/assets'
import type { AuditActor, AuditLog } from '../audit/audit-log.ts'
import { ServiceError } from '../errors.ts'
import type { ProjectStore } from '../store/project-store.ts'
import type { BundleSecrets } from './bundle-secrets.ts'
import type { BundleStore } from './bundle-store.ts'
import { summaryOf } from './bundle-store.ts'
import type { ClusterService } from './cluster-service.ts'
import type { DeploymentState } from './deployment-state.ts'

/**
 * Deployments: compiling one into an immutable, versioned bundle, activating a version (or rolling
 * back to an earlier one), and starting, stopping and restarting its workflows. Each change is in
 * the audit trail; nodes learn of it through their next heartbeat.
 */
export class DeploymentService {
  readonly #store: ProjectStore
  readonly #bundles: BundleStore
  readonly #state: DeploymentState
  readonly #cluster: ClusterService
  readonly #secrets: BundleSecrets
  readonly #audit: AuditLog

  constructor(parts: {
    store: ProjectStore
    bundles: BundleStore
    state: DeploymentState
    cluster: ClusterService
    secrets: BundleSecrets
    audit: AuditLog
  }) {
    this.#store = parts.store
    this.#bundles = parts.bundles
    this.#state = parts.state
    this.#cluster = parts.cluster
    this.#secrets = parts.secrets
    this.#audit = parts.audit
  }

  async list(): Promise<DeploymentView[]> {
    const names = new Set([
      ...this.#store.list('deployment').flatMap((e) => (e.asset ? [e.asset.name] : [])),
      ...this.#state.deployments.keys(),
    ])
    const placements = await this.#cluster.placements()
    const views: DeploymentView[] = []
    for (const name of [...names].sort()) views.push(await this.#view(name, placements))
    return views
  }

  async get(name: string): Promise<DeploymentView> {
    const view = await this.#view(name, await this.#cluster.placements())
    if (!view.inProject && view.bundles.length === 0)
      throw new ServiceError('deployment.not-found', `no deployment named "${name}"`)
    return view
  }

  /**
   * Compiles the deployment as the project stands into the next bundle version. Refused with
   * `deployment.invalid` (422) when any asset it uses has an issue, a name is missing, or a secret
   * cannot be sealed to the cluster key.
   */
  async build(actor: AuditActor, name: string): Promise<BuiltBundle> {
    const assets = this.#store.assets()
    const target = assets.find((a) => a.kind === 'deployment' && a.name === name)
    if (!target)
      throw new ServiceError('deployment.not-found', `no deployment named "${name}" in the project`)
    if (!isAuthored(deployment, target.spec))
      throw new ServiceError('deployment.invalid', `deployment "${name}" is not valid`)
    const spec = target.spec
    const used = this.#usedFiles(assets, target, spec.workflows)
    const issues = this.#store.validate().filter((i) => i.file !== undefined && used.has(i.file))
    if (issues.length > 0)
      throw new ServiceError(
        'deployment.invalid',
        `the assets of "${name}" have ${issues.length} issue(s)`,
        issues,
      )
    const version = await this.#bundles.nextVersion(name)
    const built = buildBundle(
      this.#store.registry,
      assets,
      { deployment: name, ...spec },
      {
        version,
        createdBy: actor.name,
        now: new Date(),
      },
    )
    if (!built.bundle)
      throw new ServiceError('deployment.invalid', `"${name}" cannot be compiled`, built.issues)
    const sealed = this.#secrets.forCluster(built.bundle)
    if (sealed.issues.length > 0)
      throw new ServiceError(
        'deployment.invalid',
        `the secrets of "${name}" cannot go to cluster "${spec.cluster}"`,
        sealed.issues,
      )
    await this.#bundles.put(sealed.bundle)
    await this.#audit.record({
      actor,
      action: 'deployment.build',
      target: `deployment/${name}`,
      details: { bundle: sealed.bundle.id, tag: sealed.bundle.tag },
    })
    return { bundle: summaryOf(sealed.bundle), warnings: sealed.warnings }
  }

  /** Makes `version` the one nodes run; an earlier version is a rollback. */
  async activate(
    actor: AuditActor,
    name: string,
    version: number,
    action = 'deployment.activate',
  ): Promise<DeploymentView> {
    const bundle = await this.#bundles.get(`${name}@${version}`)
    const record = this.#state.record(name)
    const history =
      record.active === undefined || record.active === version
        ? record.history
        : [...record.history, record.active]
    await this.#state.set(name, { ...record, active: bundle.version, history: history.slice(-50) })
    await this.#audit.record({
      actor,
      action,
      target: `deployment/${name}`,
      diff: [{ path: '/active', op: 'replace', before: record.active ?? null, after: version }],
    })
    this.#cluster.emit('change', { type: 'deployments' })
    return this.get(name)
  }

  /** Activates `version`, or the version active before the current one. */
  async rollback(actor: AuditActor, name: string, version?: number): Promise<DeploymentView> {
    const record = this.#state.record(name)
    const target = version ?? record.history.at(-1)
    if (target === undefined)
      throw new ServiceError('deployment.not-active', `"${name}" has no earlier version to roll back to`)
    const rolled = await this.activate(actor, name, target, 'deployment.rollback')
    const after = this.#state.record(name)
    await this.#state.set(name, { ...after, history: after.history.filter((v) => v !== target) })
    return rolled
  }

  /** Stops the deployment everywhere; its bundles stay. */
  async deactivate(actor: AuditActor, name: string): Promise<DeploymentView> {
    const record = this.#state.record(name)
    if (record.active === undefined)
      throw new ServiceError('deployment.not-active', `"${name}" is not active`)
    const { active: _, ...rest } = record
    await this.#state.set(name, { ...rest, history: [...record.history, record.active].slice(-50) })
    await this.#audit.record({ actor, action: 'deployment.deactivate', target: `deployment/${name}` })
    this.#cluster.emit('change', { type: 'deployments' })
    return this.get(name)
  }

  /** Starts, stops or restarts one workflow of the active bundle on every node that runs it. */
  async control(
    actor: AuditActor,
    name: string,
    workflow: string,
    action: WorkflowAction,
  ): Promise<DeploymentView> {
    const record = this.#state.record(name)
    if (record.active === undefined)
      throw new ServiceError('deployment.not-active', `"${name}" is not active`)
    const bundle: Bundle = await this.#bundles.get(`${name}@${record.active}`)
    if (!bundle.workflows.includes(workflow))
      throw new ServiceError('workflow.not-deployed', `workflow "${workflow}" is not in ${bundle.id}`)
    const stopped = new Set(record.stopped)
    if (action === 'stop') stopped.add(workflow)
    if (action === 'start') stopped.delete(workflow)
    if (action === 'restart') {
      const placement = (await this.#cluster.placements()).find((p) => p.deployment === name)
      const nodes = placement?.workflows.find((w) => w.workflow === workflow)?.nodes ?? []
      this.#cluster.restarts.request(nodes, name, workflow)
    }
    await this.#state.set(name, { ...record, stopped: [...stopped].sort() })
    await this.#audit.record({
      actor,
      action: `workflow.${action}`,
      target: `deployment/${name}/${workflow}`,
    })
    this.#cluster.emit('change', { type: 'deployments' })
    return this.get(name)
  }

  async #view(name: string, placements: readonly DeploymentPlacement[]): Promise<DeploymentView> {
    const asset = this.#store.get('deployment', name)?.asset
    const cluster = asset && isAuthored(deployment, asset.spec) ? asset.spec.cluster : undefined
    const record = this.#state.record(name)
    const placement = placements.find((p) => p.deployment === name)
    return {
      name,
      inProject: asset !== undefined,
      ...(cluster === undefined ? {} : { cluster }),
      ...(record.active === undefined ? {} : { active: record.active }),
      history: record.history,
      stopped: record.stopped,
      bundles: await this.#bundles.list(name),
      ...(placement ? { placement } : {}),
    }
  }

  #usedFiles(assets: readonly Asset[], target: Asset, workflows: readonly string[]): Set<string> {
    const used = new Map<string, Asset>([[assetKey(target), target]])
    for (const name of workflows) {
      const root = assets.find((a) => a.kind === 'workflow' && a.name === name)
      if (root)
        for (const asset of closure(this.#store.registry, assets, root)) used.set(assetKey(asset), asset)
    }
    return new Set([...used.values()].flatMap((a) => (a.file ? [a.file] : [])))
  }
}
