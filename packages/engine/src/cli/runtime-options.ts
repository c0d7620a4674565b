import { readFile } from 'node:fs/promises'
import { createKeyring, type Keyring } from '@sluice/secrets'
import { type EnvAllowlist, parseEnvAllow } from '../runtime/runner/env-allow.ts'
import { isLogLevel, type LogLevel } from './terminal.ts'

/** The `parseArgs` options every command that runs workflows takes (`sluice run`, `sluice engine`). */
export const RUNTIME_OPTIONS = {
  key: { type: 'string', multiple: true },
  'metrics-port': { type: 'string' },
  'metrics-host': { type: 'string' },
  'env-allow': { type: 'string' },
  'drain-timeout': { type: 'string' },
  'deny-ambient': { type: 'boolean' },
  'log-level': { type: 'string' },
} as const

/** What those options say, checked. */
export interface RuntimeOptions {
  keyring: Keyring | undefined
  envAllow: EnvAllowlist
  metricsPort: number | undefined
  metricsHost: string
  drainMs: number
  allowAmbient: boolean
  logLevel: LogLevel
}

/** The parsed values of {@link RUNTIME_OPTIONS}. */
export interface RuntimeValues {
  key?: string[] | undefined
  'metrics-port'?: string | undefined
  'metrics-host'?: string | undefined
  'env-allow'?: string | undefined
  'drain-timeout'?: string | undefined
  'deny-ambient'?: boolean | undefined
  'log-level'?: string | undefined
}

/**
 * Checks the runtime options: keys from `--key` files and the PEM in `env[keyVariable]`, the
 * `env:` allowlist from `--env-allow` or `SLUICE_ENV_ALLOW`, ports, the drain deadline (default
 * 30 s) and the log level. Returns a usage message instead when one is wrong (never echoing a key).
 */
export async function runtimeOptions(
  values: RuntimeValues,
  env: Readonly<Record<string, string | undefined>>,
  keyVariable: string,
): Promise<RuntimeOptions | { usage: string }> {
  const metricsPort = optionalInteger(values['metrics-port'], 0, 65_535)
  const drainSeconds = optionalInteger(values['drain-timeout'], 0, 86_400) ?? 30
  const logLevel = values['log-level'] ?? 'info'
  if (metricsPort === null || drainSeconds === null)
    return { usage: 'a port or timeout is not a whole number in range' }
  if (!isLogLevel(logLevel)) return { usage: '--log-level must be debug, info, warn or error' }
  let envAllow: EnvAllowlist
  try {
    envAllow = parseEnvAllow(values['env-allow'] ?? env.SLUICE_ENV_ALLOW)
  } catch (error) {
    return { usage: `--env-allow: ${error instanceof Error ? error.message : String(error)}` }
  }
  const keyring = await readKeyring(values.key ?? [], env[keyVariable])
  if (typeof keyring === 'string') return { usage: keyring }
  return {
    keyring,
    envAllow,
    metricsPort,
    metricsHost: values['metrics-host'] ?? '127.0.0.1',
    drainMs: drainSeconds * 1_000,
    allowAmbient: !values['deny-ambient'],
    logLevel,
  }
}

async function readKeyring(
  files: readonly string[],
  fromEnv: string | undefined,
): Promise<Keyring | undefined | string> {
  const pems: string[] = []
  for (const file of files) {
    try {
      pems.push(await readFile(file, 'utf8'))
    } catch (error) {
      return `--key ${file}: ${error instanceof Error ? error.message : String(error)}`
    }
  }
  if (fromEnv?.trim()) pems.push(fromEnv)
  if (pems.length === 0) return undefined
  try {
    return createKeyring(pems)
  } catch (error) {
    return `a private key does not read: ${error instanceof Error ? error.message : String(error)}`
  }
}

/** `undefined` when absent, `null` when not a whole number in range. */
function optionalInteger(text: string | undefined, min: number, max: number): number | undefined | null {
  if (text === undefined) return undefined
  const value = Number(text)
  return Number.isInteger(value) && value >= min && value <= max ? value : null
}

/**
 * The environment `${env:...}` macros may read: the process environment without the variables
 * that carry the node's own credentials (its private key, its server token), which no allowlist
 * can expose to a workflow.
 */
export function workflowEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  credentials: readonly string[],
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !credentials.includes(name)))
}
