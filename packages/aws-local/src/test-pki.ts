/**
 * A throwaway X.509 PKI for tests of IAM Roles Anywhere: a CA made at test time, and end-entity
 * certificates it issues (directly or through an intermediate). Node cannot create certificates by
 * itself, so this drives the `openssl` CLI, which every Linux and macOS machine has; nothing is
 * kept on disk once a call returns.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** An end-entity certificate and its key, PEM. */
export interface TestCertificate {
  readonly certificate: string
  /** PKCS#8 PEM. */
  readonly privateKey: string
  /** The intermediate CA certificate (PEM), when issued through one. */
  readonly chain?: string
  /** Serial number, uppercase hex as Node's `X509Certificate` shows it. */
  readonly serialNumber: string
}

/** Options of {@link TestPki.issue}. */
export interface IssueOptions {
  readonly keyType?: 'rsa' | 'ec'
  readonly commonName?: string
  /** Issue through a fresh intermediate CA, returned as `chain`. */
  readonly throughIntermediate?: boolean
}

/** A test CA. */
export interface TestPki {
  /** The CA certificate (PEM): configure it as a trust anchor. */
  readonly caCertificate: string
  /** Issues an end-entity certificate valid from now for one day. */
  issue(options?: IssueOptions): Promise<TestCertificate>
}

const CA_EXTENSIONS = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n'
const LEAF_EXTENSIONS = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n'

async function openssl(dir: string, args: readonly string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd: dir, timeout: 30_000 })
  } catch (error) {
    const missing = typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT'
    throw new Error(
      missing
        ? 'createTestPki needs the openssl CLI on PATH'
        : `openssl ${args[0]} failed: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-pki-'))
  try {
    return await work(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function serialHex(): string {
  const bytes = randomBytes(16)
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10
  return bytes.toString('hex').toUpperCase()
}

async function newKey(dir: string, file: string, keyType: 'rsa' | 'ec'): Promise<void> {
  const algorithm =
    keyType === 'rsa'
      ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
      : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']
  await openssl(dir, ['genpkey', ...algorithm, '-out', file])
}

interface Issuer {
  readonly certificate: string
  readonly privateKey: string
}

/** Makes a key and a certificate for `subject`, signed by `issuer` (self-signed when absent). */
async function certify(
  subject: string,
  keyType: 'rsa' | 'ec',
  extensions: string,
  issuer?: Issuer,
): Promise<{ certificate: string; privateKey: string; serialNumber: string }> {
  return inTempDir(async (dir) => {
    const serialNumber = serialHex()
    await newKey(dir, 'key.pem', keyType)
    await writeFile(join(dir, 'ext.cnf'), `[v3]\n${extensions}`)
    await openssl(dir, ['req', '-new', '-key', 'key.pem', '-subj', `/CN=${subject}`, '-out', 'req.pem'])
    if (issuer !== undefined) {
      await writeFile(join(dir, 'ca.pem'), issuer.certificate)
      await writeFile(join(dir, 'ca-key.pem'), issuer.privateKey, { mode: 0o600 })
    }
    const signer = issuer === undefined ? ['-signkey', 'key.pem'] : ['-CA', 'ca.pem', '-CAkey', 'ca-key.pem']
    await openssl(dir, [
      'x509',
      '-req',
      '-in',
      'req.pem',
      ...signer,
      '-set_serial',
      `0x${serialNumber}`,
      '-days',
      '1',
      '-extfile',
      'ext.cnf',
      '-extensions',
      'v3',
      '-out',
      'cert.pem',
    ])
    const [certificate, privateKey] = await Promise.all([
      readFile(join(dir, 'cert.pem'), 'utf8'),
      readFile(join(dir, 'key.pem'), 'utf8'),
    ])
    return { certificate, privateKey, serialNumber }
  })
}

/** Creates a CA (EC P-256, valid for a day) that issues test certificates. */
export async function createTestPki(name = 'Sluice Test CA'): Promise<TestPki> {
  const ca = await certify(name, 'ec', CA_EXTENSIONS)
  let issued = 0
  return {
    caCertificate: ca.certificate,
    async issue(options = {}) {
      issued += 1
      const keyType = options.keyType ?? 'ec'
      const commonName = options.commonName ?? `sluice-test-${issued}`
      if (!options.throughIntermediate) return certify(commonName, keyType, LEAF_EXTENSIONS, ca)
      const intermediate = await certify(`${name} Intermediate ${issued}`, 'ec', CA_EXTENSIONS, ca)
      const leaf = await certify(commonName, keyType, LEAF_EXTENSIONS, intermediate)
      return { ...leaf, chain: intermediate.certificate }
    },
  }
}
