import { access, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { isValidName } from '@sluice/assets'
import { generateSecretKeyPair } from '@sluice/secrets'
import { type CliResult, usage } from './result.ts'

export const KEYS_USAGE = 'usage: sluice keys generate --out <dir> [--name <name>] [--force]'

/**
 * `sluice keys generate`: makes a cluster key pair, `<name>.key` (private, mode 0600, for the
 * engine nodes only) and `<name>.pub` (for the config server), and prints the fingerprint Secret
 * resources record. Refuses to overwrite existing files unless `--force`.
 */
export async function keysCommand(args: string[]): Promise<CliResult> {
  const [action, ...rest] = args
  if (action !== 'generate') return usage(KEYS_USAGE)
  const { positionals, values } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { out: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean' } },
  })
  const name = values.name ?? 'cluster'
  if (!values.out || positionals.length > 0) return usage(KEYS_USAGE)
  if (!isValidName(name)) return usage(`--name "${name}": use letters, digits, '-' and '_'`)
  const pair = generateSecretKeyPair()
  const privatePath = join(values.out, `${name}.key`)
  const publicPath = join(values.out, `${name}.pub`)
  const flag = values.force ? 'w' : 'wx'
  if (!values.force)
    for (const path of [privatePath, publicPath])
      if (await exists(path))
        return {
          code: 1,
          stdout: '',
          stderr: `${path} already exists; use --force to replace the key pair\n`,
        }
  try {
    await mkdir(values.out, { recursive: true, mode: 0o700 })
    await writeFile(privatePath, pair.privateKeyPem, { mode: 0o600, flag })
    await writeFile(publicPath, pair.publicKeyPem, { mode: 0o644, flag })
  } catch (error) {
    return { code: 1, stdout: '', stderr: `cannot write the key pair in ${values.out}: ${String(error)}\n` }
  }
  return {
    code: 0,
    stdout: `${pair.fingerprint}\n`,
    stderr: `private key: ${privatePath} (mode 0600; keep it only on the cluster's engine nodes)\npublic key:  ${publicPath}\n`,
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
