import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  type Asset,
  assetToYaml,
  builtinRegistry,
  defaultFileFor,
  formatIssue,
  isValidName,
  parseAssetYaml,
  updateAssetYaml,
} from '@sluice/assets'
import { fingerprintOf, readPublicKey, sealSecret } from '@sluice/secrets'
import { isRecord } from '../runtime/expression/semantics.ts'
import { processSecretInput, readValues, type SecretInput } from './read-values.ts'
import { type CliResult, usage } from './result.ts'

export const SECRETS_USAGE =
  'usage: sluice secrets encrypt --key <public-key.pem> --name <resource> [--file <secret.yaml> | --project <dir>] KEY...'

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/

/**
 * `sluice secrets encrypt`: seals values to a cluster's public key and writes them into a
 * `resource.secret` file, creating it or updating it in place (comments and other values kept).
 * Values are read from stdin or a prompt without echo, never from arguments, and are never printed.
 */
export async function secretsCommand(
  args: string[],
  input: SecretInput = processSecretInput,
): Promise<CliResult> {
  const [action, ...rest] = args
  if (action !== 'encrypt') return usage(SECRETS_USAGE)
  const { positionals: keys, values } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      name: { type: 'string' },
      file: { type: 'string' },
      project: { type: 'string' },
    },
  })
  const name = values.name
  if (!values.key || !name || keys.length === 0) return usage(SECRETS_USAGE)
  if (!isValidName(name)) return usage(`--name "${name}": use letters, digits, '-' and '_'`)
  const badKey = keys.find((k) => !KEY.test(k))
  if (badKey !== undefined) return usage(`"${badKey}" is not a secret key: letters, digits, '_', '.' and '-'`)
  let publicKey: ReturnType<typeof readPublicKey>
  try {
    publicKey = readPublicKey(await readFile(values.key, 'utf8'))
  } catch (error) {
    return usage(`--key ${values.key}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const fingerprint = fingerprintOf(publicKey)
  const file =
    values.file ?? join(values.project ?? '.', defaultFileFor({ kind: 'resource.secret', name }) ?? '')
  const existing = await readFile(file, 'utf8').catch((error: unknown) =>
    error instanceof Error && 'code' in error && error.code === 'ENOENT' ? undefined : Promise.reject(error),
  )
  const current = existing === undefined ? undefined : parseAssetYaml(builtinRegistry, existing, file)
  const holdsIt = current?.asset?.kind === 'resource.secret' && current.asset.name === name
  if (current && !holdsIt)
    return {
      code: 1,
      stdout: '',
      stderr: `${file} does not hold resource.secret "${name}"${current.issues.map((i) => `\n${formatIssue(i)}`).join('')}\n`,
    }
  const plaintexts = await readValues(keys, input)
  if (typeof plaintexts === 'string') return { code: 1, stdout: '', stderr: `${plaintexts}\n` }
  const spec = current?.asset && isRecord(current.asset.spec) ? current.asset.spec : {}
  const keyFingerprint = typeof spec.keyFingerprint === 'string' ? spec.keyFingerprint : fingerprint
  const sealed = Object.fromEntries(
    keys.map((key, i) => [
      key,
      {
        ciphertext: sealSecret(publicKey, plaintexts[i] ?? ''),
        ...(fingerprint === keyFingerprint ? {} : { fingerprint }),
      },
    ]),
  )
  const asset: Asset = {
    kind: 'resource.secret',
    name,
    requiredRoles: current?.asset?.requiredRoles ?? [],
    ...(current?.asset?.description === undefined ? {} : { description: current.asset.description }),
    spec: { ...spec, keyFingerprint, values: { ...(isRecord(spec.values) ? spec.values : {}), ...sealed } },
  }
  const text =
    existing === undefined
      ? assetToYaml(builtinRegistry, asset)
      : updateAssetYaml(builtinRegistry, existing, asset)
  await mkdir(dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, text)
  await rename(temporary, file)
  return {
    code: 0,
    stdout: '',
    stderr: `sealed ${keys.join(', ')} into ${file} for key ${fingerprint}\n`,
  }
}
