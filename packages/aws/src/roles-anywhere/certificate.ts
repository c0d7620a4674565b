import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto'
import { AwsConfigError } from '../errors.ts'
import type { X509Algorithm, X509SigningIdentity } from './x509-sigv4.ts'

/** The PEM texts of a `rolesAnywhere` auth. */
export interface CertificateMaterial {
  readonly certificate: string
  readonly certificateChain?: string
  readonly privateKey: string
}

/** A parsed signing identity, plus the validity window of its certificate. */
export interface LoadedIdentity extends X509SigningIdentity {
  readonly validFrom: Date
  readonly validTo: Date
  readonly subject: string
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

function parseCertificate(pem: string, path: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem)
  } catch {
    throw new AwsConfigError(
      'aws.certificate-invalid',
      path,
      `${what} is not a PEM X.509 certificate ("-----BEGIN CERTIFICATE-----" …).`,
    )
  }
}

function parsePrivateKey(pem: string, path: string): KeyObject {
  try {
    return createPrivateKey(pem)
  } catch {
    throw new AwsConfigError(
      'aws.private-key-invalid',
      path,
      'the private key is not an unencrypted PEM key (PKCS#8 "BEGIN PRIVATE KEY", PKCS#1 "BEGIN RSA PRIVATE KEY" or SEC1 "BEGIN EC PRIVATE KEY").',
    )
  }
}

function algorithmOf(key: KeyObject, path: string): X509Algorithm {
  if (key.asymmetricKeyType === 'rsa') return 'AWS4-X509-RSA-SHA256'
  if (key.asymmetricKeyType === 'ec') return 'AWS4-X509-ECDSA-SHA256'
  throw new AwsConfigError(
    'aws.key-type-unsupported',
    path,
    `IAM Roles Anywhere signs with RSA or EC keys; this key is ${key.asymmetricKeyType ?? 'of an unknown type'}.`,
  )
}

/**
 * Parses the certificate, chain and private key of a `rolesAnywhere` auth and checks that the key
 * belongs to the certificate. `path` is the auth's JSON pointer, e.g. `/spec/auth`. Errors are
 * `AwsConfigError`s that never quote the key.
 */
export function loadIdentity(material: CertificateMaterial, path: string): LoadedIdentity {
  const certificate = parseCertificate(material.certificate, `${path}/certificate`, 'the certificate')
  const chain = (material.certificateChain?.match(PEM_CERTIFICATE) ?? []).map((pem, index) =>
    parseCertificate(pem, `${path}/certificateChain`, `certificate ${index + 1} of the chain`),
  )
  if (material.certificateChain !== undefined && chain.length === 0)
    throw new AwsConfigError(
      'aws.certificate-invalid',
      `${path}/certificateChain`,
      'the certificate chain holds no PEM certificate.',
    )
  const privateKey = parsePrivateKey(material.privateKey, `${path}/privateKey`)
  const algorithm = algorithmOf(privateKey, `${path}/privateKey`)
  if (!certificate.checkPrivateKey(privateKey))
    throw new AwsConfigError(
      'aws.certificate-key-mismatch',
      `${path}/privateKey`,
      `the private key does not belong to the certificate (${certificate.subject.replaceAll('\n', ', ')}).`,
    )
  return {
    certificateDer: certificate.raw,
    chainDer: chain.map((c) => c.raw),
    serialNumber: BigInt(`0x${certificate.serialNumber}`).toString(10),
    privateKey,
    algorithm,
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
    subject: certificate.subject.replaceAll('\n', ', '),
  }
}

/** Throws `aws.certificate-expired` or `aws.certificate-not-yet-valid` when `now` is outside the window. */
export function checkValidity(identity: LoadedIdentity, now: number, path: string): void {
  if (now > identity.validTo.getTime())
    throw new AwsConfigError(
      'aws.certificate-expired',
      `${path}/certificate`,
      `the certificate (${identity.subject}) expired on ${identity.validTo.toISOString()}; issue a new one from the trust anchor's CA.`,
    )
  if (now < identity.validFrom.getTime())
    throw new AwsConfigError(
      'aws.certificate-not-yet-valid',
      `${path}/certificate`,
      `the certificate (${identity.subject}) is valid only from ${identity.validFrom.toISOString()}; check this node's clock.`,
    )
}
