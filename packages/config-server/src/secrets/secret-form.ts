import { createHash } from 'node:crypto'
import { toPointer } from '@sluice/assets'
import { type ErrorIssue, ServiceError } from '../errors.ts'
import type { SecretService } from './secret-service.ts'

/** The kind whose values are secret. */
export const SECRET_KIND = 'resource.secret'

interface SealedValue {
  ciphertext: string
  fingerprint?: string
}

type Entries = Record<string, unknown>

const SEALED = /^v1\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/

/** True when `text` has the form of a sealed value (`v1.<key>.<iv>.<data>.<tag>`), so a plaintext pasted as ciphertext is caught. */
export function looksSealed(text: string): boolean {
  return SEALED.test(text)
}

/**
 * Issues for values of a Secret resource spec that are not sealed values, paths under `/spec`.
 * The messages never repeat the value.
 */
export function unsealedIssues(spec: unknown): ErrorIssue[] {
  const values = isRecord(spec) && isRecord(spec.values) ? spec.values : {}
  return Object.entries(values).flatMap(([key, value]) =>
    isRecord(value) && typeof value.ciphertext === 'string' && !looksSealed(value.ciphertext)
      ? [
          {
            path: toPointer(['spec', 'values', key, 'ciphertext']),
            code: 'secret.malformed',
            message: 'this is not a sealed value; send { "value": ... } to have the server seal a plaintext',
          },
        ]
      : [],
  )
}

function isRecord(value: unknown): value is Entries {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The sealed values of a Secret resource's spec, each with the fingerprint of the key it is sealed to. */
export function sealedValues(spec: unknown): {
  keyFingerprint: string | undefined
  values: Map<string, SealedValue>
} {
  const values = new Map<string, SealedValue>()
  if (!isRecord(spec)) return { keyFingerprint: undefined, values }
  const keyFingerprint = typeof spec.keyFingerprint === 'string' ? spec.keyFingerprint : undefined
  if (isRecord(spec.values))
    for (const [key, value] of Object.entries(spec.values)) {
      if (!isRecord(value) || typeof value.ciphertext !== 'string') continue
      const fingerprint = typeof value.fingerprint === 'string' ? value.fingerprint : keyFingerprint
      values.set(key, { ciphertext: value.ciphertext, ...(fingerprint === undefined ? {} : { fingerprint }) })
    }
  return { keyFingerprint, values }
}

/**
 * Turns a Secret resource sent to the API into what is stored. Each entry of `spec.values` is
 * `{ value }` (sealed at once to `spec.keyFingerprint`), `{ ciphertext, fingerprint? }` (already
 * sealed), `{ hasValue: true }` or absent (keep the stored value), or `null` (remove it). Without
 * `keyFingerprint` the stored one, else the server's active key, is used. When the key changes,
 * kept values are re-sealed where the server holds their key; the others keep their old
 * fingerprint until they are written again. Anything else is left for schema validation.
 */
export function sealSecretDocument(
  secrets: SecretService,
  document: unknown,
  previousSpec?: unknown,
): unknown {
  if (!isRecord(document) || (document.spec !== undefined && !isRecord(document.spec))) return document
  const spec: Entries = isRecord(document.spec) ? document.spec : {}
  const previous = sealedValues(previousSpec)
  const keyFingerprint =
    typeof spec.keyFingerprint === 'string'
      ? spec.keyFingerprint
      : (previous.keyFingerprint ?? secrets.activeServerKey)
  if (spec.values !== undefined && !isRecord(spec.values))
    return { ...document, spec: { ...spec, keyFingerprint } }
  const issues: ErrorIssue[] = []
  const out = new Map(previous.values)
  for (const [key, input] of Object.entries(isRecord(spec.values) ? spec.values : {})) {
    const path = toPointer(['spec', 'values', key])
    if (input === null) out.delete(key)
    else if (isRecord(input) && typeof input.value === 'string' && Object.keys(input).length === 1) {
      if (input.value === '')
        issues.push({ path, code: 'schema.range', message: 'a secret value cannot be empty' })
      else if (!secrets.canSeal(keyFingerprint))
        issues.push({
          path: '/spec/keyFingerprint',
          code: 'secret.unknown-key',
          message: `no server or cluster key has the fingerprint ${keyFingerprint}`,
        })
      else
        out.set(key, { ciphertext: secrets.seal(keyFingerprint, input.value), fingerprint: keyFingerprint })
    } else if (isRecord(input) && typeof input.ciphertext === 'string') {
      const fingerprint = typeof input.fingerprint === 'string' ? input.fingerprint : keyFingerprint
      out.set(key, { ciphertext: input.ciphertext, fingerprint })
    } else if (isRecord(input) && input.hasValue === true) {
      if (!previous.values.has(key))
        issues.push({
          path,
          code: 'secret.no-value',
          message: 'there is no stored value to keep; send { "value": ... }',
        })
    } else {
      issues.push({
        path,
        code: 'schema.invalid',
        message:
          'give { "value": "..." } to set, null to remove, or { "hasValue": true } to keep the stored value',
      })
    }
  }
  issues.push(...unsealedIssues({ values: Object.fromEntries(out) }))
  if (issues.length > 0)
    throw new ServiceError('asset.invalid', `the secret has ${issues.length} issue(s)`, issues)
  const values: Record<string, SealedValue> = {}
  for (const [key, value] of out) {
    let sealed = value
    const from = value.fingerprint ?? keyFingerprint
    if (from !== keyFingerprint && secrets.canOpen(from) && secrets.canSeal(keyFingerprint))
      sealed = {
        ciphertext: secrets.reseal(from, value.ciphertext, keyFingerprint),
        fingerprint: keyFingerprint,
      }
    const at = sealed.fingerprint ?? keyFingerprint
    values[key] =
      at === keyFingerprint
        ? { ciphertext: sealed.ciphertext }
        : { ciphertext: sealed.ciphertext, fingerprint: at }
  }
  return { ...document, spec: { ...spec, keyFingerprint, values } }
}

/**
 * Re-seals every value of a Secret resource's spec to `to`. All or nothing: when a value is sealed
 * to a key the server does not hold, `secret.cannot-open` names each such value and nothing changes.
 */
export function rotateSecretSpec(secrets: SecretService, spec: unknown, to: string): Entries {
  const { keyFingerprint, values } = sealedValues(spec)
  if (!secrets.canSeal(to))
    throw new ServiceError('secret.unknown-key', `no server or cluster key has the fingerprint ${to}`, [
      { path: '/keyFingerprint', code: 'secret.unknown-key', message: 'not a known key' },
    ])
  const blocked = [...values].filter(
    ([, v]) => (v.fingerprint ?? keyFingerprint) !== to && !secrets.canOpen(v.fingerprint ?? ''),
  )
  if (blocked.length > 0)
    throw new ServiceError(
      'secret.cannot-open',
      `the server does not hold the private key of ${blocked.length} value(s); write them again with their plaintext`,
      blocked.map(([key, v]) => ({
        path: toPointer(['spec', 'values', key]),
        code: 'secret.cannot-open',
        message: `sealed to ${v.fingerprint ?? 'an unknown key'}, whose private key only its cluster's nodes hold`,
      })),
    )
  const rotated: Record<string, SealedValue> = {}
  for (const [key, value] of values) {
    const from = value.fingerprint ?? to
    rotated[key] = { ciphertext: from === to ? value.ciphertext : secrets.reseal(from, value.ciphertext, to) }
  }
  return { ...(isRecord(spec) ? spec : {}), keyFingerprint: to, values: rotated }
}

/** A Secret resource's spec as the API shows it: which values exist and their key, never the values. */
export function maskSecretSpec(spec: unknown): Entries {
  const { keyFingerprint, values } = sealedValues(spec)
  const masked: Record<string, { hasValue: true; fingerprint?: string }> = {}
  for (const [key, value] of values)
    masked[key] =
      value.fingerprint === undefined
        ? { hasValue: true }
        : { hasValue: true, fingerprint: value.fingerprint }
  return { ...(keyFingerprint === undefined ? {} : { keyFingerprint }), values: masked }
}

/** A Secret resource's spec for the audit trail: a short digest per ciphertext shows which values changed. */
export function auditSecretSpec(spec: unknown): Entries {
  const { keyFingerprint, values } = sealedValues(spec)
  const masked: Record<string, string> = {}
  for (const [key, value] of values)
    masked[key] =
      `sealed:${value.fingerprint ?? ''}:${createHash('sha256').update(value.ciphertext).digest('hex').slice(0, 8)}`
  return { ...(keyFingerprint === undefined ? {} : { keyFingerprint }), values: masked }
}
