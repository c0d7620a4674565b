import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Bundle, buildBundle, builtinRegistry, checkProject, WorkflowStatus } from '@sluice/assets'
import { AwsConfigError, type ConnectionSpec } from '@sluice/aws'
import { createKeyring, generateSecretKeyPair } from '@sluice/secrets'
import Value from 'typebox/value'
import { beforeAll, describe, expect, it } from 'vitest'
import { captureSink } from '../../testing/capture-sink.ts'
import { fakeAwsClients } from '../../testing/fake-aws-clients.ts'
import { syntheticSource } from '../../testing/synthetic-source.ts'
import { type ComponentStarter, starterOf } from '../components.ts'
import type { Sink, SinkMetrics, Source, SourceMetrics } from '../contracts.ts'
import { isRecord } from '../expression/semantics.ts'
import { ClientPool } from './client-pool.ts'
import { envAllowlist } from './env-allow.ts'
import type { ComponentRegistry } from './plan.ts'
import { startWorkflow } from './workflow-run.ts'

const root = join(import.meta.dirname, '..', '..', '..', '..', '..')
const demo = join(root, 'examples', 'demo')

interface Recorded {
  specs: Map<string, unknown>
}

/** A registry whose starters resolve the real specs but start test components. */
function recordingRegistry(recorded: Recorded, without: readonly string[] = []): ComponentRegistry {
  const starters = <C, M>(category: 'source' | 'sink', make: () => C) =>
    new Map<string, ComponentStarter<C, M>>(
      builtinRegistry
        .list(category)
        .filter((type) => !without.includes(type.kind))
        .map((type) => [
          type.kind,
          starterOf({
            type,
            create: (spec: unknown, context: { asset: string }) => {
              recorded.specs.set(context.asset, spec)
              return make()
            },
          }),
        ]),
    )
  return {
    sources: starters<Source, SourceMetrics>('source', () => syntheticSource({ count: 5 })),
    sinks: starters<Sink, SinkMetrics>('sink', () => captureSink()),
  }
}

describe('starting a workflow from a bundle', () => {
  let bundle: Bundle
  let privateKey: string
  const made: ConnectionSpec[] = []
  const pool = () =>
    new ClientPool({
      factory: (spec) => {
        made.push(spec)
        return fakeAwsClients()
      },
    })

  beforeAll(async () => {
    const { assets } = await checkProject(builtinRegistry, demo)
    const built = buildBundle(
      builtinRegistry,
      assets,
      {
        deployment: 'demo',
        cluster: 'local',
        workflows: ['orders-fanout'],
        environments: ['local'],
        secrets: ['demo-secrets'],
        tag: 't',
      },
      { version: 1, createdBy: 'test', now: new Date() },
    )
    if (!built.bundle) throw new Error(JSON.stringify(built.issues))
    bundle = built.bundle
    privateKey = await readFile(join(root, 'examples', 'demo-keys', 'demo-cluster.key'), 'utf8')
  })

  it('resolves macros and secrets, shares one set of clients per connection, and runs', async () => {
    made.length = 0
    const recorded = emptyRecord()
    const run = startWorkflow(bundle, 'orders-fanout', {
      keyring: createKeyring([privateKey]),
      registry: recordingRegistry(recorded),
      pool: pool(),
    })
    expect(run.state).toBe('running')
    expect(recorded.specs.get('orders-queue')).toMatchObject({
      queue: 'sluice-demo-orders',
      maxInFlight: 500,
    })
    expect(recorded.specs.get('order-events-topic')).toMatchObject({
      subject: 'Large order ${msg:body.orderId}',
    })
    expect(made).toHaveLength(1)
    expect(made[0]?.auth).toEqual({ mode: 'accessKey', accessKeyId: 'test', secretAccessKey: 'test' })
    await run.stop(1_000)
    expect(run.state).toBe('stopped')
    expect(Value.Check(WorkflowStatus, run.status())).toBe(true)
  })

  it('fails with failed-config naming the secret when no key is held', () => {
    const run = startWorkflow(bundle, 'orders-fanout', {
      registry: recordingRegistry(emptyRecord()),
      pool: pool(),
    })
    expect(run.state).toBe('failed-config')
    expect(run.problems).toEqual([
      expect.objectContaining({
        asset: 'resource.secret/demo-secrets',
        path: '/spec/values/aws-secret-access-key',
        code: 'secret.no-key',
      }),
    ])
    expect(run.status().reason).toMatch(
      /^resource\.secret\/demo-secrets: \/spec\/values\/aws-secret-access-key: secret\.no-key/,
    )
  })

  it('fails with secret.wrong-key when the key held is another cluster’s', () => {
    const other = generateSecretKeyPair()
    const run = startWorkflow(bundle, 'orders-fanout', {
      keyring: createKeyring([other.privateKeyPem]),
      registry: recordingRegistry(emptyRecord()),
      pool: pool(),
    })
    expect(run.problems.map((p) => p.code)).toEqual(['secret.wrong-key'])
    expect(run.status().reason).not.toContain('test')
  })

  it('reports every missing environment key at once, with asset and path', () => {
    const { ORDERS_QUEUE: _q, ORDER_STREAM: _s, ...variables } = bundle.variables
    const run = startWorkflow({ ...bundle, variables }, 'orders-fanout', {
      keyring: createKeyring([privateKey]),
      registry: recordingRegistry(emptyRecord()),
      pool: pool(),
    })
    expect(run.state).toBe('failed-config')
    expect(run.problems.map((p) => `${p.asset} ${p.path} ${p.code}`).sort()).toEqual([
      'sink.kinesis/order-stream /spec/stream macro.missing',
      'source.sqs/orders-queue /spec/queue macro.missing',
    ])
  })

  it('reads env: variables only when the operator allows them', () => {
    const withEnv = replaceSpec(bundle, 'sink.sqs', 'audit-queue', (spec) => ({
      ...spec,
      queue: '${env:SLUICE_AUDIT}',
    }))
    const options = {
      keyring: createKeyring([privateKey]),
      env: { SLUICE_AUDIT: 'from-env' },
      pool: pool(),
    }
    const denied = startWorkflow(withEnv, 'orders-fanout', {
      ...options,
      registry: recordingRegistry(emptyRecord()),
    })
    expect(denied.problems).toEqual([
      expect.objectContaining({
        asset: 'sink.sqs/audit-queue',
        path: '/spec/queue',
        code: 'macro.env-denied',
      }),
    ])
    const recorded = emptyRecord()
    const allowed = startWorkflow(withEnv, 'orders-fanout', {
      ...options,
      envAllow: envAllowlist(['SLUICE_*']),
      registry: recordingRegistry(recorded),
    })
    expect(allowed.state).toBe('running')
    expect(recorded.specs.get('audit-queue')).toMatchObject({ queue: 'from-env' })
    return allowed.stop(1_000)
  })

  it('names a kind this engine cannot run', () => {
    const run = startWorkflow(bundle, 'orders-fanout', {
      keyring: createKeyring([privateKey]),
      registry: recordingRegistry(emptyRecord(), ['sink.kinesis']),
      pool: pool(),
    })
    expect(run.problems).toEqual([
      expect.objectContaining({ asset: 'sink.kinesis/order-stream', code: 'engine.no-implementation' }),
    ])
  })

  it('reports a connection the node refuses to serve as failed-config on the connection', () => {
    const refusing = new ClientPool({
      factory: () => {
        throw new AwsConfigError(
          'aws.ambient-forbidden',
          '/spec/auth/mode',
          'ambient identities are disabled',
        )
      },
    })
    const run = startWorkflow(bundle, 'orders-fanout', {
      keyring: createKeyring([privateKey]),
      registry: recordingRegistry(emptyRecord()),
      pool: refusing,
    })
    expect(run.state).toBe('failed-config')
    expect(run.problems[0]).toMatchObject({
      asset: 'connection.aws/local-aws',
      path: '/spec/auth/mode',
      code: 'aws.ambient-forbidden',
    })
    expect(refusing.size).toBe(0)
  })

  it('releases the connection clients when it stops', async () => {
    const shared = pool()
    const run = startWorkflow(bundle, 'orders-fanout', {
      keyring: createKeyring([privateKey]),
      registry: recordingRegistry(emptyRecord()),
      pool: shared,
    })
    expect(shared.size).toBe(1)
    await run.stop(1_000)
    expect(shared.size).toBe(0)
  })
})

function emptyRecord(): Recorded {
  return { specs: new Map() }
}

function replaceSpec(
  bundle: Bundle,
  kind: string,
  name: string,
  change: (spec: Record<string, unknown>) => Record<string, unknown>,
): Bundle {
  return {
    ...bundle,
    assets: bundle.assets.map((a) =>
      a.kind === kind && a.name === name && isRecord(a.spec) ? { ...a, spec: change({ ...a.spec }) } : a,
    ),
  }
}
