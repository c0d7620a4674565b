import { createHash, createHmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { createCredentialStore } from './credentials.ts'
import { AuthError } from './errors.ts'
import { canonicalRequest, computeSignature, escapeUri, signingKey, type WireRequest } from './sigv4.ts'

function toBinary(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return new Uint8Array(data)
}

class NodeSha256 {
  readonly #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBinary(secret))
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(toBinary(data))
  }

  async digest(): Promise<Uint8Array> {
    return this.#hash.digest()
  }

  reset(): void {}
}

const NOW = Date.parse('2025-06-01T12:00:00Z')

async function signed(options: {
  body?: string
  path?: string
  query?: Record<string, string>
  secret?: string
  accessKeyId?: string
  service?: string
  at?: number
}): Promise<WireRequest> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: options.accessKeyId ?? 'test', secretAccessKey: options.secret ?? 'test' },
    region: 'us-east-1',
    service: options.service ?? 'events',
    sha256: NodeSha256,
  })
  const body = options.body ?? '{"Name":"orders"}'
  const path = options.path ?? '/'
  const query = options.query ?? {}
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4580,
      path,
      query,
      headers: {
        host: '127.0.0.1:4580',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSEvents.CreateEventBus',
      },
      body,
    },
    { signingDate: new Date(options.at ?? NOW) },
  )
  const search = Object.entries(query)
    .map(([k, v]) => `${escapeUri(k)}=${escapeUri(v)}`)
    .join('&')
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]))
  return { method: 'POST', url: search === '' ? path : `${path}?${search}`, headers, body }
}

function authFailure(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof AuthError) return err.kind
    throw err
  }
  return 'accepted'
}

const store = createCredentialStore({ accessKeyId: 'test', secretAccessKey: 'test', account: '000000000000' })
const scope = { service: 'events', region: 'us-east-1' }

describe('SigV4 primitives', () => {
  it('derives the signing key of the AWS documentation example', () => {
    const key = signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam')
    expect(key.toString('hex')).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d')
  })

  it('reproduces the get-vanilla vector of the AWS SigV4 test suite', () => {
    const request: WireRequest = {
      method: 'GET',
      url: '/',
      headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
      body: '',
    }
    const auth = {
      date: '20150830',
      region: 'us-east-1',
      service: 'service',
      signedHeaders: ['host', 'x-amz-date'],
    }
    expect(canonicalRequest(request, auth.signedHeaders)).toBe(
      'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
    expect(
      computeSignature(request, auth, '20150830T123600Z', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'),
    ).toBe('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31')
  })
})

describe('SigV4 verification against the Smithy signer', () => {
  it('accepts a request signed with the known credentials', async () => {
    const request = await signed({})
    expect(store.authenticate(request, scope, NOW).arn).toBe('arn:aws:iam::000000000000:root')
  })

  it('accepts escaped paths and sorted query strings', async () => {
    const request = await signed({ path: '/a%20b/c%2Bd', query: { z: '1', a: 'x y', m: 'é' } })
    expect(authFailure(() => store.authenticate(request, scope, NOW))).toBe('accepted')
  })

  it('rejects a tampered body or query, a wrong secret, and a foreign scope', async () => {
    const request = await signed({ query: { a: '1' } })
    const tampered = { ...request, body: '{"Name":"other"}' }
    expect(authFailure(() => store.authenticate(tampered, scope, NOW))).toBe('bad-signature')
    expect(authFailure(() => store.authenticate({ ...request, url: '/?a=2' }, scope, NOW))).toBe(
      'bad-signature',
    )
    const wrongSecret = await signed({ secret: 'wrong' })
    expect(authFailure(() => store.authenticate(wrongSecret, scope, NOW))).toBe('bad-signature')
    const sts = await signed({ service: 'sts' })
    expect(authFailure(() => store.authenticate(sts, scope, NOW))).toBe('bad-signature')
  })

  it('tells unknown keys, missing and stale signatures apart', async () => {
    const unknown = await signed({ accessKeyId: 'AKIDUNKNOWN' })
    expect(authFailure(() => store.authenticate(unknown, scope, NOW))).toBe('unknown-key')
    const request = await signed({})
    const { authorization: _, ...unsigned } = request.headers
    expect(authFailure(() => store.authenticate({ ...request, headers: unsigned }, scope, NOW))).toBe(
      'missing',
    )
    expect(authFailure(() => store.authenticate(request, scope, NOW + 16 * 60_000))).toBe('signature-expired')
  })

  it('accepts issued temporary credentials only with their session token, until they expire', async () => {
    const issued = store.issue('arn:aws:iam::111122223333:role/pipeline-writer', 'engine', 900, NOW)
    const request = await signed({ accessKeyId: issued.accessKeyId, secret: issued.secretAccessKey })
    expect(authFailure(() => store.authenticate(request, scope, NOW))).toBe('unknown-key')
    const withToken = {
      ...request,
      headers: { ...request.headers, 'x-amz-security-token': issued.sessionToken },
    }
    expect(store.authenticate(withToken, scope, NOW).arn).toBe(
      'arn:aws:sts::111122223333:assumed-role/pipeline-writer/engine',
    )
    const later = await signed({
      accessKeyId: issued.accessKeyId,
      secret: issued.secretAccessKey,
      at: NOW + 901_000,
    })
    const laterWithToken = {
      ...later,
      headers: { ...later.headers, 'x-amz-security-token': issued.sessionToken },
    }
    expect(authFailure(() => store.authenticate(laterWithToken, scope, NOW + 901_000))).toBe('expired-token')
  })
})
