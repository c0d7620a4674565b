import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { serveMetrics } from '../runtime/metrics/metrics-server.ts'
import { formatProblems } from '../runtime/runner/problems.ts'
import { fileStateStore } from '../runtime/runner/state-store.ts'
import { startWorkflow } from '../runtime/runner/workflow-run.ts'
import { loadBundle } from './load-bundle.ts'
import { type CliResult, usage } from './result.ts'
import { RUNTIME_OPTIONS, runtimeOptions, workflowEnvironment } from './runtime-options.ts'
import { type StatusSample, statusLine } from './status-line.ts'
import { type Output, Terminal, terminalLogger } from './terminal.ts'

export const RUN_USAGE = `usage: sluice run <project-dir|bundle.json> --workflow <name> [--environment <name>]...
                  [--key <private-key-file>]... [--metrics-port <n>] [--metrics-host <ip>]
                  [--env-allow <NAME,PREFIX_*,...>] [--drain-timeout <seconds>] [--state-dir <dir>]
                  [--deny-ambient] [--log-level debug|info|warn|error]`

const RUN_HELP = `${RUN_USAGE}

Runs one workflow on this machine until SIGTERM or SIGINT, then drains it: sources stop pulling,
sinks flush, in-flight messages settle; what is left at the deadline is released for redelivery.

  --workflow <name>        the workflow to run
  --environment <name>     environment resource(s) for \${lay:...}, merged in order (project dirs)
  --key <file>             the cluster's private key for \${sec:...}; also SLUICE_PRIVATE_KEY (PEM)
  --env-allow <list>       env variables \${env:...} may read: NAME or PREFIX_*; also SLUICE_ENV_ALLOW
  --metrics-port <n>       serve Prometheus metrics on /metrics (0: a free port)
  --metrics-host <ip>      address of the metrics server (default 127.0.0.1)
  --drain-timeout <s>      drain deadline in seconds (default 30)
  --state-dir <dir>        where checkpoints are kept (default .sluice/state)
  --deny-ambient           refuse the host's own AWS identity (default chain, instance role)
  --log-level <level>      debug, info (default), warn or error
`

/** What `sluice run` needs from its process; tests give their own. */
export interface RunIo {
  readonly stderr: Output
  readonly env: Readonly<Record<string, string | undefined>>
  /** Calls `handler` on SIGTERM and SIGINT; returns a function that stops listening. */
  onSignal(handler: (signal: string) => void): () => void
  /** Ends the process at once: a second signal while draining. */
  exit(code: number): void
}

export const processIo: RunIo = {
  stderr: process.stderr,
  env: process.env,
  onSignal(handler) {
    process.on('SIGTERM', handler)
    process.on('SIGINT', handler)
    return () => {
      process.off('SIGTERM', handler)
      process.off('SIGINT', handler)
    }
  },
  exit: (code) => process.exit(code),
}

/**
 * `sluice run`: runs one workflow standalone until SIGTERM or SIGINT, then drains within the
 * deadline (a second signal exits at once). Secrets open with `--key` files and
 * `SLUICE_PRIVATE_KEY`; `env:` macros read only `--env-allow` (or `SLUICE_ENV_ALLOW`) variables.
 * Exit 0 after a clean stop, 1 when the workflow cannot start, 2 for a usage error.
 */
export async function runCommand(args: string[], io: RunIo = processIo): Promise<CliResult> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      workflow: { type: 'string' },
      environment: { type: 'string', multiple: true },
      ...RUNTIME_OPTIONS,
      'state-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) return { code: 0, stdout: RUN_HELP, stderr: '' }
  const [path] = positionals
  const workflow = values.workflow
  if (!path || positionals.length > 1 || !workflow) return usage(RUN_USAGE)
  const options = await runtimeOptions(values, io.env, 'SLUICE_PRIVATE_KEY')
  if ('usage' in options) return usage(`${options.usage}\n${RUN_USAGE}`)
  const { keyring, envAllow, metricsPort, metricsHost, drainMs, logLevel } = options

  const loaded = await loadBundle(path, workflow, values.environment ?? [])
  if (!loaded.bundle) return { code: 1, stdout: '', stderr: `${loaded.problems.join('\n')}\n` }
  const terminal = new Terminal(io.stderr)
  const log = terminalLogger(terminal, logLevel)
  const run = startWorkflow(loaded.bundle, workflow, {
    keyring,
    env: workflowEnvironment(io.env, ['SLUICE_PRIVATE_KEY']),
    envAllow,
    allowAmbient: options.allowAmbient,
    state: fileStateStore(
      resolve(values['state-dir'] ?? join('.sluice', 'state'), loaded.bundle.deployment, workflow),
    ),
    log,
  })
  if (run.state === 'failed-config')
    return { code: 1, stdout: '', stderr: `${workflow} cannot start:\n${formatProblems(run.problems)}\n` }
  run.onState((state) =>
    log.info({ state, ...(run.status().reason ? { reason: run.status().reason } : {}) }, 'state changed'),
  )
  const server =
    metricsPort === undefined
      ? undefined
      : await serveMetrics({
          port: metricsPort,
          host: metricsHost,
          collect: () => [run.metrics()],
        })
  if (server) log.info({ url: `http://${metricsHost}:${server.port}/metrics` }, 'serving metrics')
  let sample: StatusSample | undefined
  const tick = () => {
    const next = statusLine(run.status(), sample, Date.now())
    sample = next.sample
    terminal.status(next.line)
  }
  tick()
  const ticker = setInterval(tick, 1_000)
  await new Promise<void>((resolveStop) => {
    let draining = false
    const stopListening = io.onSignal((signal) => {
      if (draining) {
        terminal.line(`${signal} again: exiting without waiting for the drain`)
        io.exit(130)
        return
      }
      draining = true
      terminal.line(
        `${signal}: draining ${workflow} (deadline ${drainMs / 1_000} s; ${signal} again exits at once)`,
      )
      run.stop(drainMs).then(() => {
        stopListening()
        resolveStop()
      })
    })
  })
  clearInterval(ticker)
  tick()
  terminal.end()
  await server?.close()
  return { code: 0, stdout: '', stderr: '' }
}
