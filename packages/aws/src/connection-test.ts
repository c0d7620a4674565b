import type { ProbeResult } from '@sluice/assets'
import { describeAwsFailure } from './aws-failure.ts'
import { type AwsClients, createAwsClients } from './clients.ts'
import type { AwsClientOptions, ConnectionSpec } from './connection-spec.ts'
import { type CallerIdentity, probeAsset, probeConnection } from './probes.ts'

/** What a connection test found: the identity the calls ran as, and every probe in order. */
export interface ConnectionTestResult {
  identity?: CallerIdentity
  probes: ProbeResult[]
}

/**
 * Tests a connection and then, if given and the connection works, one source or sink asset
 * through it, with fresh clients closed afterwards. Called by the config server for tests it can
 * run itself and by engine nodes for tests delegated to them. Never throws: a connection that
 * cannot even make clients is one failed probe. The whole test stays within `timeoutMs`.
 */
export async function testConnection(
  connection: { spec: ConnectionSpec; options: AwsClientOptions },
  target: { kind: string; spec: unknown } | undefined,
  options: { timeoutMs: number },
): Promise<ConnectionTestResult> {
  const started = Date.now()
  let clients: AwsClients
  try {
    clients = createAwsClients(connection.spec, connection.options)
  } catch (error) {
    const failure = describeAwsFailure(error, { what: 'Setting up the connection' })
    return {
      probes: [
        {
          name: 'Set up the connection',
          ok: false,
          code: failure.code,
          message: failure.message,
          durationMs: Date.now() - started,
        },
      ],
    }
  }
  try {
    const checked = await probeConnection(clients, { timeoutMs: options.timeoutMs })
    if (!target || checked.probes.some((p) => !p.ok)) return checked
    const left = Math.max(options.timeoutMs - (Date.now() - started), 1_000)
    const probes = await probeAsset(target.kind, target.spec, clients, { timeoutMs: left })
    return { ...checked, probes: [...checked.probes, ...probes] }
  } finally {
    clients.destroy()
  }
}
