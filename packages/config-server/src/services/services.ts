import { mkdir } from 'node:fs/promises'
import { type AssetRegistry, builtinRegistry } from '@sluice/assets'
import { AuditLog } from '../audit/audit-log.ts'
import { jsonDiff } from '../audit/diff.ts'
import { EventPublisher } from '../audit/event-publisher.ts'
import { SettingsStore } from '../audit/event-settings.ts'
import { type AuthOptions, AuthService } from '../auth/auth-service.ts'
import { BundleSecrets } from '../cluster/bundle-secrets.ts'
import { BundleStore } from '../cluster/bundle-store.ts'
import { ClusterRegistry } from '../cluster/cluster-registry.ts'
import { ClusterService, type ClusterTimings } from '../cluster/cluster-service.ts'
import { DeploymentService } from '../cluster/deployment-service.ts'
import { DeploymentState } from '../cluster/deployment-state.ts'
import { NodeRegistry } from '../cluster/node-registry.ts'
import { type AwsGateway, realAwsGateway } from '../probes/aws-gateway.ts'
import { ConnectionTester, type TesterTimings } from '../probes/connection-tester.ts'
import { TestResults } from '../probes/test-results.ts'
import { SecretService } from '../secrets/secret-service.ts'
import { ProjectStore } from '../store/project-store.ts'
import { AssetService, auditable } from './asset-service.ts'

/** The runtime API of the config server; the HTTP routes are thin adapters over it. */
export interface Services {
  readonly registry: AssetRegistry
  readonly store: ProjectStore
  readonly assets: AssetService
  readonly secrets: SecretService
  readonly clusters: ClusterRegistry
  readonly auth: AuthService
  readonly audit: AuditLog
  readonly tests: TestResults
  readonly bundles: BundleStore
  readonly cluster: ClusterService
  readonly deployments: DeploymentService
  readonly tester: ConnectionTester
  readonly settings: SettingsStore
  readonly events: EventPublisher
  /** Stops watching and timers and writes what is pending; the services are unusable afterwards. */
  close(): Promise<void>
}

export interface ServiceOptions {
  /** The project: a folder of YAML asset files, usually a git checkout. */
  projectDir: string
  /** Server state that is not project content: users, tokens, keys, audit trail, cluster state, bundles. */
  dataDir: string
  registry?: AssetRegistry
  auth?: AuthOptions
  /** Watch the project folder for edits on disk (default true). */
  watch?: boolean
  /** Told when watching the project fails (the store then rescans on a timer). */
  onWatchError?(error: unknown): void
  /** Node protocol timings (default: heartbeat every 5 s, late after 15 s). */
  cluster?: Partial<ClusterTimings>
  /** AWS calls for tests, listings, uploads and audit events (default: `@sluice/aws`). */
  aws?: AwsGateway
  /** Time limits of connection tests (default: 15 s on the server; a node gets two heartbeats more). */
  tests?: Partial<TesterTimings>
  /** Told when publishing audit events to EventBridge fails (they are counted, never retried forever). */
  onPublishError?(error: unknown): void
  /** The clock, for tests of leases and node status. */
  now?: () => number
}

/** Opens every service over a project and a data directory, creating the data directory on first run. */
export async function openServices(options: ServiceOptions): Promise<Services> {
  const registry = options.registry ?? builtinRegistry
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  const audit = await AuditLog.open(options.dataDir)
  const clusters = await ClusterRegistry.open(options.dataDir)
  const secrets = await SecretService.open(options.dataDir, clusters)
  const auth = await AuthService.open(options.dataDir, options.auth)
  const tests = await TestResults.open(options.dataDir)
  const store = await ProjectStore.open({
    root: options.projectDir,
    registry,
    ...(options.watch === undefined ? {} : { watch: options.watch }),
    ...(options.onWatchError ? { onWatchError: options.onWatchError } : {}),
    onExternalChange: (changes) => {
      for (const change of changes)
        void audit.record({
          actor: { type: 'file', name: 'project folder' },
          action: `asset.${change.type === 'created' ? 'create' : change.type === 'updated' ? 'update' : 'delete'}`,
          target: `${change.kind}/${change.name}`,
          diff: jsonDiff(auditable(change.before), auditable(change.after)),
          details: { via: 'file' },
        })
    },
  })
  const assets = new AssetService(store, secrets, audit, tests)
  const heartbeatIntervalMs = options.cluster?.heartbeatIntervalMs ?? 5_000
  const timings = {
    heartbeatIntervalMs,
    lateAfterMs: options.cluster?.lateAfterMs ?? 3 * heartbeatIntervalMs,
  }
  const nodes = await NodeRegistry.open(options.dataDir, timings.lateAfterMs)
  const bundles = new BundleStore(options.dataDir)
  const state = await DeploymentState.open(options.dataDir)
  const cluster = new ClusterService({
    registry,
    nodes,
    bundles,
    state,
    clusters,
    timings,
    ...(options.now ? { now: options.now } : {}),
  })
  cluster.start()
  const deployments = new DeploymentService({
    store,
    bundles,
    state,
    cluster,
    secrets: new BundleSecrets(secrets, clusters),
    audit,
  })
  const gateway = options.aws ?? realAwsGateway()
  const probeTimeoutMs = options.tests?.probeTimeoutMs ?? 15_000
  const tester = new ConnectionTester({
    store,
    secrets,
    clusters,
    cluster,
    gateway,
    results: tests,
    timings: {
      probeTimeoutMs,
      delegateTimeoutMs: options.tests?.delegateTimeoutMs ?? probeTimeoutMs + 2 * heartbeatIntervalMs,
    },
  })
  const settings = await SettingsStore.open(options.dataDir)
  const events = new EventPublisher({
    gateway,
    settings: () => settings.events,
    connection: (chosen) => tester.resolveConnection(chosen.connection, chosen.deployment),
    onError: (error) => options.onPublishError?.(error),
  })
  audit.subscribe((event) => events.offer(event))
  return {
    registry,
    store,
    assets,
    secrets,
    clusters,
    auth,
    audit,
    tests,
    bundles,
    cluster,
    deployments,
    tester,
    settings,
    events,
    async close() {
      cluster.close()
      await nodes.save()
      store.close()
      await auth.tokens.flushUse()
      await audit.flush()
      await events.flush()
    },
  }
}
