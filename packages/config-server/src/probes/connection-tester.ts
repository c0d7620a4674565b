import { randomUUID } from 'node:crypto'
import {
  type Asset,
  type AssetRegistry,
  assetKey,
  type Listing,
  type ListingKind,
  type ProbeReport,
  type ProbeResult,
} from '@sluice/assets'
import type { ListingQuery, PresignedPut } from '@sluice/aws'
import type { ClusterRegistry } from '../cluster/cluster-registry.ts'
import type { ClusterService } from '../cluster/cluster-service.ts'
import { describeError, ServiceError } from '../errors.ts'
import type { SecretService } from '../secrets/secret-service.ts'
import type { ProjectStore } from '../store/project-store.ts'
import type { AwsGateway, ResolvedConnection } from './aws-gateway.ts'
import { delegationReport } from './delegate-test.ts'
import { report } from './report.ts'
import { type Resolution, resolveForServer, type TestContext, testContext } from './test-context.ts'
import type { TestResults } from './test-results.ts'
import { withTimeout } from './timeout.ts'

const TESTABLE = /^(connection|source|sink)\./

export interface TesterTimings {
  /** Budget of a test run on the server, for all its calls. */
  probeTimeoutMs: number
  /** How long to wait for an engine node's report of a delegated test. */
  delegateTimeoutMs: number
}

function failed(name: string, code: string, message: string): ProbeResult {
  return { name, ok: false, code, message, durationMs: 0 }
}

/**
 * Connection tests, live listings and presigned uploads. A test runs on the server when it can
 * open every secret involved; otherwise it goes to a live engine node of the target cluster
 * holding the keys, and waits for its report, time-limited. The last report of each asset is kept.
 */
export class ConnectionTester {
  readonly #registry: AssetRegistry
  readonly #store: ProjectStore
  readonly #secrets: SecretService
  readonly #clusters: ClusterRegistry
  readonly #cluster: ClusterService
  readonly #gateway: AwsGateway
  readonly #results: TestResults
  readonly #timings: TesterTimings

  constructor(parts: {
    store: ProjectStore
    secrets: SecretService
    clusters: ClusterRegistry
    cluster: ClusterService
    gateway: AwsGateway
    results: TestResults
    timings: TesterTimings
  }) {
    this.#registry = parts.store.registry
    this.#store = parts.store
    this.#secrets = parts.secrets
    this.#clusters = parts.clusters
    this.#cluster = parts.cluster
    this.#gateway = parts.gateway
    this.#results = parts.results
    this.#timings = parts.timings
  }

  /** Tests a connection, source or sink; the report says where it ran and every probe made. */
  async test(kind: string, name: string, deployment?: string): Promise<ProbeReport> {
    const target = this.#asset(kind, name)
    if (!TESTABLE.test(kind))
      throw new ServiceError(
        'test.unsupported-kind',
        `only connections, sources and sinks can be tested, not ${kind}`,
      )
    const context = this.#context(target, deployment)
    const resolution = resolveForServer(this.#registry, context, this.#secrets, this.#clusters)
    const report = await this.#run(context, resolution)
    await this.#results.record(assetKey(target), report)
    return report
  }

  /** A live listing through a connection; runs on the server only. */
  async list(
    connection: string,
    kind: ListingKind,
    query: ListingQuery,
    deployment?: string,
  ): Promise<Listing> {
    const resolution = this.#serverOnly(this.#asset('connection.aws', connection), deployment)
    try {
      return await withTimeout(
        this.#gateway.list(resolution.connection, kind, query, { timeoutMs: this.#timings.probeTimeoutMs }),
        this.#timings.probeTimeoutMs + 2_000,
      )
    } catch (error) {
      throw upstream('listing.failed', `listing ${kind} through "${connection}" failed`, error)
    }
  }

  /**
   * A presigned PUT of `fileName` under an S3 source's bucket and prefix, valid five minutes, so a
   * browser can upload a test object directly (the bucket needs a CORS rule allowing PUT).
   */
  async presign(
    source: string,
    request: { fileName: string; contentType?: string },
    deployment?: string,
  ): Promise<PresignedPut & { bucket: string; key: string }> {
    const resolution = this.#serverOnly(this.#asset('source.s3', source), deployment)
    const spec = resolution.targetSpec
    const bucket: unknown =
      typeof spec === 'object' && spec !== null ? Reflect.get(spec, 'bucket') : undefined
    const prefix: unknown =
      typeof spec === 'object' && spec !== null ? Reflect.get(spec, 'prefix') : undefined
    if (typeof bucket !== 'string')
      throw new ServiceError('test.cannot-resolve', `the bucket of source.s3 "${source}" does not resolve`)
    const key = `${typeof prefix === 'string' ? prefix : ''}${request.fileName}`
    try {
      const signed = await withTimeout(
        this.#gateway.presignPut(resolution.connection, {
          bucket,
          key,
          expiresInSeconds: 300,
          ...(request.contentType === undefined ? {} : { contentType: request.contentType }),
        }),
        this.#timings.probeTimeoutMs,
      )
      return { ...signed, bucket, key }
    } catch (error) {
      throw upstream('presign.failed', `presigning an upload to s3://${bucket}/${key} failed`, error)
    }
  }

  /**
   * A connection resolved on the server (for publishing audit events): throws `secret.cannot-open`
   * when its secrets are sealed to a key only nodes hold, `test.cannot-resolve` when a name is missing.
   */
  resolveConnection(name: string, deployment?: string): ResolvedConnection {
    return this.#serverOnly(this.#asset('connection.aws', name), deployment).connection
  }

  #asset(kind: string, name: string): Asset {
    const asset = this.#store.get(kind, name)?.asset
    if (!asset) throw new ServiceError('asset.not-found', `no ${kind} named "${name}" in the project`)
    return asset
  }

  #context(target: Asset, deployment: string | undefined): TestContext {
    const context = testContext(this.#registry, this.#store.assets(), target, deployment)
    if (!context) throw new ServiceError('deployment.not-found', `no deployment named "${deployment}"`)
    return context
  }

  #serverOnly(target: Asset, deployment: string | undefined): Extract<Resolution, { kind: 'ready' }> {
    const resolution = resolveForServer(
      this.#registry,
      this.#context(target, deployment),
      this.#secrets,
      this.#clusters,
    )
    if (resolution.kind === 'locked')
      throw new ServiceError(
        'secret.cannot-open',
        `the secrets this needs are sealed to ${resolution.fingerprints.join(', ')}, which only engine nodes hold; listings and uploads run on the server (a connection test can run on a node)`,
      )
    if (resolution.kind === 'invalid')
      throw new ServiceError(
        'test.cannot-resolve',
        `the settings of "${target.name}" do not resolve`,
        resolution.issues,
      )
    return resolution
  }

  async #run(context: TestContext, resolution: Resolution): Promise<ProbeReport> {
    const { target } = context
    const base = { kind: target.kind, name: target.name }
    if (resolution.kind === 'invalid') {
      const message = resolution.issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')
      return report(base, [failed('Resolve the settings', 'test.cannot-resolve', message)], { on: 'server' })
    }
    if (resolution.kind === 'locked')
      return delegationReport(
        { cluster: this.#cluster, clusters: this.#clusters, timeoutMs: this.#timings.delegateTimeoutMs },
        context,
        resolution.fingerprints,
        randomUUID(),
      )
    const timeoutMs = this.#timings.probeTimeoutMs
    try {
      const done = await withTimeout(
        this.#gateway.test(
          resolution.connection,
          target.kind.startsWith('connection.')
            ? undefined
            : { kind: target.kind, spec: resolution.targetSpec },
          {
            timeoutMs,
          },
        ),
        timeoutMs + 2_000,
      )
      return report(base, done.probes, { on: 'server' }, done.identity)
    } catch (error) {
      return report(base, [failed('Run the test', 'test.timeout', describeError(error))], { on: 'server' })
    }
  }
}

function upstream(code: 'listing.failed' | 'presign.failed', message: string, error: unknown): ServiceError {
  if (error instanceof ServiceError) return error
  const awsCode: unknown =
    typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined
  return new ServiceError(code, `${message}: ${describeError(error)}`, [
    { path: '', code: typeof awsCode === 'string' ? awsCode : 'aws.error', message: describeError(error) },
  ])
}
