import {
  type Bundle,
  builtinRegistry,
  type DelegatedTest,
  type ProbeLocation,
  type ProbeReport,
  type ProbeResult,
  resolveSpec,
} from '@sluice/assets'
import { type AwsClientOptions, type CallerIdentity, type ConnectionSpec, testConnection } from '@sluice/aws'
import { bundleLookups, type LookupSources } from '../runtime/runner/lookups.ts'
import { connectionOf, resolveConnections } from '../runtime/runner/plan.ts'
import { type ConfigProblem, formatProblems, problemsOf } from '../runtime/runner/problems.ts'

/** A connection with every macro resolved, ready to make clients. */
export interface ProbeConnection {
  spec: ConnectionSpec
  options: AwsClientOptions
}

/** The AWS side of a delegated test, as one seam: unit tests pass a fake. */
export interface ProbeGateway {
  /** Tests the connection and then, if given, the asset through it. Never throws; bounded by `timeoutMs`. */
  test(
    connection: ProbeConnection,
    target: { kind: string; spec: unknown } | undefined,
    options: { timeoutMs: number },
  ): Promise<{ identity?: CallerIdentity; probes: ProbeResult[] }>
}

/** The gateway over `@sluice/aws`: fresh clients for each test, closed afterwards. */
export function awsProbeGateway(): ProbeGateway {
  return { test: testConnection }
}

export interface ProbeTestContext extends LookupSources {
  readonly gateway: ProbeGateway
  readonly location: Extract<ProbeLocation, { on: 'node' }>
  /** Whether connections may use the host's own identity (`--deny-ambient` turns it off). */
  readonly allowAmbient: boolean
  readonly timeoutMs: number
}

/** A test's assets and variables in the shape the runtime resolves macros from. */
function testBundle(test: DelegatedTest, cluster: string): Bundle {
  return {
    id: `delegated-test-${test.id}`,
    deployment: 'delegated-test',
    version: 1,
    cluster,
    tag: 'delegated-test',
    createdAt: new Date().toISOString(),
    createdBy: 'config-server',
    workflows: [],
    assets: test.assets,
    variables: test.variables,
    build: {},
  }
}

function buildReport(
  test: DelegatedTest,
  context: ProbeTestContext,
  probes: ProbeResult[],
  identity: CallerIdentity | undefined,
): ProbeReport {
  return {
    ok: probes.length > 0 && probes.every((p) => p.ok),
    kind: test.target.kind,
    name: test.target.name,
    ...(identity ? { identity: { account: identity.account, arn: identity.arn } } : {}),
    probes,
    ranAt: new Date().toISOString(),
    location: context.location,
  }
}

/** Replaces every secret value opened for the test wherever it appears in the report's text. */
function scrubbed(report: ProbeReport, secrets: ReadonlySet<string>): ProbeReport {
  const scrub = (text: string) => [...secrets].reduce((t, secret) => t.split(secret).join('[secret]'), text)
  return {
    ...report,
    name: scrub(report.name),
    ...(report.identity
      ? { identity: { account: scrub(report.identity.account), arn: scrub(report.identity.arn) } }
      : {}),
    probes: report.probes.map((p) => ({ ...p, name: scrub(p.name), message: scrub(p.message) })),
  }
}

/**
 * Runs one delegated test on this node: opens the secrets with the node's keyring, resolves the
 * macros with the test's variables, tests the connection and then the asset, and reports every
 * probe. A setting that does not resolve is a failing `Resolve the settings` probe. No secret value
 * appears in the report: every value opened is scrubbed from its text. Never throws.
 */
export async function runProbeTest(test: DelegatedTest, context: ProbeTestContext): Promise<ProbeReport> {
  const bundle = testBundle(test, context.location.cluster)
  const { lookups, secretProblems } = bundleLookups(bundle, context)
  const opened = new Set<string>()
  const tracked = {
    ...lookups,
    sec: (name: string) => {
      const value = lookups.sec?.(name)
      if (value !== undefined && value !== '') opened.add(value)
      return value
    },
  }
  const target = test.assets.find((a) => a.kind === test.target.kind && a.name === test.target.name)
  const problems: ConfigProblem[] = []
  const connectionName = target && (target.kind === 'connection.aws' ? target.name : connectionOf(target))
  const connections =
    connectionName === undefined
      ? new Map<string, ConnectionSpec>()
      : resolveConnections(bundle, new Set([connectionName]), tracked, problems)
  let targetSpec: unknown
  if (target && target.kind !== 'connection.aws') {
    const type = builtinRegistry.get(target.kind)
    const resolved = type ? resolveSpec(type, target.spec, tracked) : undefined
    if (resolved && !resolved.spec) problems.push(...problemsOf(target, resolved.issues))
    targetSpec = resolved?.spec
  }
  const connection = connectionName === undefined ? undefined : connections.get(connectionName)
  if (!target || connectionName === undefined || !connection || problems.length > 0) {
    const shadowed = (p: ConfigProblem) =>
      p.code === 'macro.missing' &&
      [...secretProblems.keys()].some((n) => p.message.startsWith(`\${sec:${n}}`))
    const all = [...secretProblems.values(), ...problems.filter((p) => !shadowed(p))]
    const message = !target
      ? `the test names ${test.target.kind}/${test.target.name} but does not carry it`
      : connectionName === undefined
        ? `${target.kind}/${target.name} names no AWS connection to test through`
        : formatProblems(all).replaceAll('\n', '; ')
    return scrubbed(
      buildReport(
        test,
        context,
        [
          {
            name: 'Resolve the settings',
            ok: false,
            code: all[0]?.code ?? 'test.cannot-resolve',
            message,
            durationMs: 0,
          },
        ],
        undefined,
      ),
      opened,
    )
  }
  const done = await context.gateway.test(
    {
      spec: connection,
      options: {
        allowAmbient: context.allowAmbient,
        connection: (name) => connections.get(name),
        name: connectionName,
      },
    },
    target.kind === 'connection.aws' ? undefined : { kind: target.kind, spec: targetSpec },
    { timeoutMs: context.timeoutMs },
  )
  return scrubbed(buildReport(test, context, done.probes, done.identity), opened)
}
