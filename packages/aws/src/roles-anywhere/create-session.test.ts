import { createTestPki, type TestCertificate } from '@sluice/aws-local'
import { beforeAll, describe, expect, it } from 'vitest'
import { codedRejectionOf } from '../testing/coded-errors.ts'
import type { HttpAnswer, HttpPost } from './create-session.ts'
import { rolesAnywhereCredentials, rolesAnywhereEndpoint } from './provider.ts'

let leaf: TestCertificate

beforeAll(async () => {
  leaf = await (await createTestPki()).issue()
}, 60_000)

const ROLE = 'arn:aws:iam::123456789012:role/onprem'

function auth() {
  return {
    mode: 'rolesAnywhere',
    certificate: leaf.certificate,
    privateKey: leaf.privateKey,
    trustAnchorArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/t',
    profileArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/p',
    roleArn: ROLE,
    durationSeconds: 900,
  } as const
}

function recordingPost(answer: HttpAnswer | Error) {
  const sent: { url: string; headers: Record<string, string>; body: string }[] = []
  const post: HttpPost = async (url, init) => {
    sent.push({ url, headers: init.headers, body: init.body })
    if (answer instanceof Error) throw answer
    return answer
  }
  return { post, sent }
}

const CREDENTIAL_SET = JSON.stringify({
  credentialSet: [
    {
      assumedRoleUser: { arn: 'arn:aws:sts::123456789012:assumed-role/onprem/1a', assumedRoleId: 'AROA:1a' },
      credentials: {
        accessKeyId: 'ASIAXAMPLE',
        secretAccessKey: 'secret',
        sessionToken: 'token',
        expiration: '2030-01-01T00:00:00Z',
      },
      packedPolicySize: 0,
      roleArn: ROLE,
      sourceIdentity: 'CN=host',
    },
  ],
  subjectArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:subject/s',
})

describe('rolesAnywhereCredentials', () => {
  it('posts a signed CreateSession to the region endpoint and reads the credential set', async () => {
    const { post, sent } = recordingPost({ status: 201, text: CREDENTIAL_SET })
    const fetch = rolesAnywhereCredentials({
      auth: auth(),
      connectionRegion: 'eu-west-1',
      path: '/spec/auth',
      timeoutMs: 5_000,
      post,
    })
    const credentials = await fetch()
    expect(credentials).toEqual({
      accessKeyId: 'ASIAXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date('2030-01-01T00:00:00Z'),
    })
    expect(sent[0]?.url).toBe('https://rolesanywhere.eu-west-1.amazonaws.com/sessions')
    expect(JSON.parse(sent[0]?.body ?? '{}')).toEqual({
      durationSeconds: 900,
      profileArn: auth().profileArn,
      roleArn: ROLE,
      trustAnchorArn: auth().trustAnchorArn,
    })
    expect(sent[0]?.headers.authorization).toMatch(
      /^AWS4-X509-ECDSA-SHA256 Credential=\d+\/\d{8}\/eu-west-1\/rolesanywhere\/aws4_request, /,
    )
  })

  it('prefers the auth region and an endpoint override', async () => {
    const { post, sent } = recordingPost({ status: 201, text: CREDENTIAL_SET })
    await rolesAnywhereCredentials({
      auth: { ...auth(), region: 'cn-north-1' },
      connectionRegion: 'eu-west-1',
      path: '/spec/auth',
      timeoutMs: 5_000,
      post,
      endpoint: 'http://127.0.0.1:9/base',
    })()
    expect(sent[0]?.url).toBe('http://127.0.0.1:9/sessions')
    expect(sent[0]?.headers.authorization).toContain('/cn-north-1/rolesanywhere/')
    expect(rolesAnywhereEndpoint('cn-north-1')).toBe('https://rolesanywhere.cn-north-1.amazonaws.com.cn')
  })

  it('maps refusals, bad requests, network errors and odd answers to coded errors', async () => {
    const run = (answer: HttpAnswer | Error) =>
      codedRejectionOf(() =>
        rolesAnywhereCredentials({
          auth: auth(),
          connectionRegion: 'eu-west-1',
          path: '/spec/auth',
          timeoutMs: 5_000,
          post: recordingPost(answer).post,
        })(),
      )
    const refused = await run({
      status: 403,
      errorType: 'AccessDeniedException',
      text: '{"message":"Untrusted certificate."}',
    })
    expect(refused).toMatchObject({ code: 'aws.access-denied', action: 'sts:AssumeRole', path: '/spec/auth' })
    expect(refused.message).toContain('Untrusted certificate.')
    const invalid = await run({
      status: 400,
      errorType: 'ValidationException',
      text: '{"message":"bad duration"}',
    })
    expect(invalid).toMatchObject({ code: 'aws.invalid-request', action: 'rolesanywhere:CreateSession' })
    const network = await run(
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
    )
    expect(network.code).toBe('aws.unreachable')
    const odd = await run({ status: 201, text: '{"credentialSet":[]}' })
    expect(odd.code).toBe('aws.invalid-response')
    const outage = await run({ status: 503, text: 'busy' })
    expect(outage.code).toBe('aws.service-error')
  })

  it('refuses an expired certificate without calling the service', async () => {
    const { post, sent } = recordingPost({ status: 201, text: CREDENTIAL_SET })
    const expired = await codedRejectionOf(() =>
      rolesAnywhereCredentials({
        auth: auth(),
        connectionRegion: 'eu-west-1',
        path: '/spec/auth',
        timeoutMs: 5_000,
        post,
        now: () => Date.now() + 3 * 86_400_000,
      })(),
    )
    expect(expired.code).toBe('aws.certificate-expired')
    expect(sent).toEqual([])
  })
})
