import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { NodeRegistration } from '@sluice/assets'
import Value from 'typebox/value'
import manifest from '../../package.json' with { type: 'json' }
import { cachedBundles } from '../node/bundles.ts'
import { DelegatedTests } from '../node/delegated-tests.ts'
import { EngineNode, type NodeOutcome } from '../node/engine-node.ts'
import { fileNodeStore } from '../node/node-store.ts'
import { awsProbeGateway, runProbeTest } from '../node/probe-test.ts'
import { Reconciler } from '../node/reconciler.ts'
import { httpServerApi, type ServerApi } from '../node/server-api.ts'
import { serveMetrics } from '../runtime/metrics/metrics-server.ts'
import { ClientPool } from '../runtime/runner/client-pool.ts'
import { startWorkflow } from '../runtime/runner/workflow-run.ts'
import { type CliResult, usage } from './result.ts'
import { processIo, type RunIo } from './run-command.ts'
import { RUNTIME_OPTIONS, runtimeOptions, workflowEnvironment } from './runtime-options.ts'
import { Terminal, terminalLogger } from './terminal.ts'

export const ENGINE_USAGE = `usage: sluice engine --server <url> [--roles <a,b>] [--cluster <name>] [--key <private-key-file>]...
                     [--data <dir>] [--node-id <id>] [--metrics-port <n>] [--metrics-host <ip>]
                     [--env-allow <NAME,PREFIX_*>] [--deny-ambient] [--drain-timeout <seconds>]
                     [--log-level debug|info|warn|error]`

const ENGINE_HELP = `${ENGINE_USAGE}

Runs an engine node: registers with the config server, heartbeats, runs the workflows the server
places on it and the connection tests it delegates. It caches the last desired state and its
bundles in the data directory, so its workflows keep running while the server is away and resume
after a restart even if the server is still down. SIGTERM or SIGINT drains every workflow within
the deadline, tells the server the node is draining, and exits 0.

  --server <url>           the config server, e.g. https://sluice.example.com
  SLUICE_TOKEN             the node token (scope node:<cluster>); --token <t> also works but shows in ps
  --roles <a,b>            the roles of this node; workflows needing other roles are not placed here
  --cluster <name>         the cluster it joins (default "default"); the token must be for it
  --key <file>             the cluster's private key, for \${sec:...}; also SLUICE_NODE_KEY (PEM)
                           (SLUICE_TOKEN and SLUICE_NODE_KEY are never readable through \${env:...})
  --data <dir>             node id, cached desired state and bundles, checkpoints (default .sluice-node)
  --node-id <id>           use (and keep) this node id instead of the one kept in the data directory
  --metrics-port <n>       serve Prometheus metrics on /metrics (0: a free port)
  --metrics-host <ip>      address of the metrics server (default 127.0.0.1)
  --env-allow <list>       env variables \${env:...} may read: NAME or PREFIX_*; also SLUICE_ENV_ALLOW
  --deny-ambient           refuse the host's own AWS identity (default chain, instance role)
  --drain-timeout <s>      drain deadline in seconds (default 30)
  --log-level <level>      debug, info (default), warn or error

Singleton work (S3 polling) runs while the server's lease is valid, and also while the server
cannot be reached: an outage does not stop it. Exit codes: 0 after a drain, 1 when the server
refuses the node (bad, revoked or foreign token), 2 for a usage error.
`

/** Makes the server client; tests give their own. */
export type ApiFactory = (url: string, token: string) => ServerApi

/**
 * `sluice engine`: runs an engine node until SIGTERM or SIGINT (a second signal exits at once) or
 * until the server refuses it. Exit 0 after a clean drain, 1 when refused, 2 for a usage error.
 */
export async function engineCommand(
  args: string[],
  io: RunIo = processIo,
  makeApi: ApiFactory = (url, token) => httpServerApi({ url, token }),
): Promise<CliResult> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      roles: { type: 'string' },
      cluster: { type: 'string' },
      ...RUNTIME_OPTIONS,
      data: { type: 'string' },
      'node-id': { type: 'string' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) return { code: 0, stdout: ENGINE_HELP, stderr: '' }
  const server = values.server
  if (!server || positionals.length > 0) return usage(ENGINE_USAGE)
  if (!/^https?:\/\/[^/]/.test(server)) return usage(`--server must be an http(s) URL, not "${server}"`)
  const token = values.token ?? io.env.SLUICE_TOKEN
  if (!token) return usage(`give the node token in SLUICE_TOKEN (or --token)\n${ENGINE_USAGE}`)
  const options = await runtimeOptions(values, io.env, 'SLUICE_NODE_KEY')
  if ('usage' in options) return usage(`${options.usage}\n${ENGINE_USAGE}`)
  const { keyring, envAllow, metricsPort, drainMs, allowAmbient, logLevel } = options
  const store = fileNodeStore(resolve(values.data ?? '.sluice-node'))
  let nodeId: string
  try {
    nodeId = await store.nodeId(values['node-id'])
  } catch (error) {
    return usage(`--node-id: ${error instanceof Error ? error.message : String(error)}`)
  }
  const cluster = values.cluster ?? 'default'
  const registration = {
    nodeId,
    cluster,
    roles: [...new Set((values.roles ?? '').split(',').map((r) => r.trim()))].filter((r) => r !== ''),
    version: manifest.version,
    hostname: hostname(),
    keyFingerprints: keyring ? [...keyring.fingerprints] : [],
  }
  if (!Value.Check(NodeRegistration, registration)) {
    const problems = [...Value.Errors(NodeRegistration, registration)].map(
      (e) => `${e.instancePath}: ${e.message}`,
    )
    return usage(
      `the node's registration is not valid (roles: a-z, 0-9, '.', '_', '-'):\n${problems.join('\n')}`,
    )
  }

  const terminal = new Terminal(io.stderr)
  const log = terminalLogger(terminal, logLevel)
  if (values.token !== undefined) log.warn({}, '--token shows in the process list; prefer SLUICE_TOKEN')
  const api = makeApi(server, token)
  const env = workflowEnvironment(io.env, ['SLUICE_TOKEN', 'SLUICE_NODE_KEY'])
  const pool = new ClientPool({ allowAmbient })
  const reconciler = new Reconciler({
    start: (bundle, workflow, clusterAllowsAmbient) =>
      startWorkflow(bundle, workflow, {
        allowAmbient: clusterAllowsAmbient,
        keyring,
        env,
        envAllow,
        pool,
        log,
        state: store.stateStore(bundle.deployment, workflow),
      }),
    bundle: cachedBundles(store, api, cluster),
    drainMs,
    log,
  })
  const metrics =
    metricsPort === undefined
      ? undefined
      : await serveMetrics({
          port: metricsPort,
          host: options.metricsHost,
          collect: () => reconciler.metrics(),
        })
  if (metrics) log.info({ port: metrics.port }, 'serving metrics on /metrics')
  const location = { on: 'node' as const, nodeId, cluster }
  const tests = new DelegatedTests({
    location,
    timeoutMs: 12_000,
    log,
    execute: (test) =>
      runProbeTest(test, {
        gateway: awsProbeGateway(),
        location,
        keyring,
        env,
        envAllow,
        allowAmbient: allowAmbient && reconciler.allowAmbient,
        timeoutMs: 10_000,
      }),
  })
  const node = new EngineNode({
    api,
    store,
    registration: metrics ? { ...registration, metricsPort: metrics.port } : registration,
    reconciler,
    tests,
    log,
  })

  const controller = new AbortController()
  const stopListening = io.onSignal((signal) => {
    if (controller.signal.aborted) {
      terminal.line(`${signal} again: exiting without waiting for the drain`)
      io.exit(130)
      return
    }
    terminal.line(`${signal}: draining (deadline ${drainMs / 1_000} s; ${signal} again exits at once)`)
    controller.abort()
  })
  log.info({ nodeId, cluster, roles: registration.roles, server }, 'engine node starting')
  let outcome: NodeOutcome
  try {
    outcome = await node.run(controller.signal)
  } catch (error) {
    outcome = { type: 'fatal', code: 'node.internal', message: `the node failed: ${String(error)}` }
  }
  if (outcome.type === 'fatal') log.error({ code: outcome.code }, outcome.message)
  await node.shutdown(drainMs)
  stopListening()
  await metrics?.close()
  terminal.end()
  return outcome.type === 'fatal'
    ? { code: 1, stdout: '', stderr: `sluice engine: ${outcome.message}\n` }
    : { code: 0, stdout: '', stderr: '' }
}
