import type { DelegatedTest } from '@sluice/assets'
import { createKeyring, fingerprintOf, generateSecretKeyPair, sealSecret } from '@sluice/secrets'
import { describe, expect, it } from 'vitest'
import { type ProbeConnection, type ProbeGateway, runProbeTest } from './probe-test.ts'

const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCY'
const keys = generateSecretKeyPair()
const fingerprint = fingerprintOf(keys.publicKeyPem)
const location = { on: 'node' as const, nodeId: 'node-a', cluster: 'eu' }

function delegated(target: { kind: string; name: string }): DelegatedTest {
  return {
    id: 't-1',
    target,
    variables: { ENDPOINT: 'http://127.0.0.1:4566', QUEUE: 'orders' },
    assets: [
      {
        kind: 'connection.aws',
        name: 'aws',
        requiredRoles: [],
        spec: {
          region: 'us-east-1',
          auth: { mode: 'accessKey', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: '${sec:creds/secret-key}' },
          endpoints: { all: '${lay:ENDPOINT}' },
        },
      },
      {
        kind: 'source.sqs',
        name: 'orders',
        requiredRoles: [],
        spec: { connection: 'aws', queue: '${lay:QUEUE}' },
      },
      {
        kind: 'resource.secret',
        name: 'creds',
        requiredRoles: [],
        spec: {
          keyFingerprint: fingerprint,
          values: { 'secret-key': { ciphertext: sealSecret(keys.publicKeyPem, SECRET) } },
        },
      },
    ],
  }
}

function recordingGateway(answer: (c: ProbeConnection) => string): ProbeGateway & { seen: unknown[] } {
  const seen: unknown[] = []
  return {
    seen,
    async test(connection, target, options) {
      seen.push({ connection, target, options })
      return {
        identity: { account: '000000000000', arn: `arn:aws:iam::000000000000:user/${answer(connection)}` },
        probes: [{ name: 'GetCallerIdentity', ok: true, message: answer(connection), durationMs: 3 }],
      }
    },
  }
}

const context = (gateway: ProbeGateway, withKey = true) => ({
  gateway,
  location,
  keyring: withKey ? createKeyring([keys.privateKeyPem]) : undefined,
  allowAmbient: false,
  timeoutMs: 5_000,
})

describe('a delegated test on the node', () => {
  it('opens the secret with the node key, resolves the variables and probes the asset through its connection', async () => {
    const gateway = recordingGateway(() => 'fine')
    const report = await runProbeTest(delegated({ kind: 'source.sqs', name: 'orders' }), context(gateway))
    expect(report).toMatchObject({ ok: true, kind: 'source.sqs', name: 'orders', location })
    expect(gateway.seen[0]).toMatchObject({
      connection: {
        spec: { endpoints: { all: 'http://127.0.0.1:4566' }, auth: { secretAccessKey: SECRET } },
        options: { allowAmbient: false, name: 'aws' },
      },
      target: { kind: 'source.sqs', spec: { queue: 'orders' } },
      options: { timeoutMs: 5_000 },
    })
  })

  it('never lets a secret value into the report, even when a probe repeats it', async () => {
    const gateway = recordingGateway((c) => `signed with ${JSON.stringify(c.spec.auth)}`)
    const report = await runProbeTest(delegated({ kind: 'connection.aws', name: 'aws' }), context(gateway))
    expect(JSON.stringify(report)).not.toContain(SECRET)
    expect(report.probes[0]?.message).toContain('[secret]')
    expect(report.identity?.arn).toContain('[secret]')
    expect(gateway.seen[0]).toMatchObject({ target: undefined })
  })

  it('reports settings that do not resolve as a failing probe, naming the missing key', async () => {
    const gateway = recordingGateway(() => 'never')
    const report = await runProbeTest(
      delegated({ kind: 'source.sqs', name: 'orders' }),
      context(gateway, false),
    )
    expect(gateway.seen).toEqual([])
    expect(report.ok).toBe(false)
    expect(report.location).toEqual(location)
    expect(report.probes).toEqual([
      expect.objectContaining({ name: 'Resolve the settings', ok: false, code: 'secret.no-key' }),
    ])
    expect(report.probes[0]?.message).toContain(fingerprint)
  })

  it('says so when the target is missing or names no connection', async () => {
    const gateway = recordingGateway(() => 'never')
    const missing = await runProbeTest(delegated({ kind: 'sink.sqs', name: 'ghost' }), context(gateway))
    expect(missing.probes[0]?.message).toBe('the test names sink.sqs/ghost but does not carry it')
    const bare = delegated({ kind: 'resource.secret', name: 'creds' })
    const report = await runProbeTest(bare, context(gateway))
    expect(report.probes[0]?.message).toBe('resource.secret/creds names no AWS connection to test through')
    expect(gateway.seen).toEqual([])
  })
})
