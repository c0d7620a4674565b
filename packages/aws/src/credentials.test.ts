import type { AwsCredentialIdentity } from '@smithy/types'
import { describe, expect, it } from 'vitest'
import type { ConnectionAuth, ConnectionSpec } from './connection-spec.ts'
import { credentialsFor } from './credentials.ts'
import type { CredentialFactories } from './sdk-credentials.ts'
import { configErrorOf } from './testing/coded-errors.ts'

const ROLE_A = 'arn:aws:iam::111111111111:role/a'
const ROLE_B = 'arn:aws:iam::222222222222:role/b'
const KEYS = { mode: 'accessKey', accessKeyId: 'AKIAKEYS', secretAccessKey: 'do-not-print' } as const

function connection(auth: ConnectionAuth, endpoints: ConnectionSpec['endpoints'] = {}): ConnectionSpec {
  return { region: 'eu-central-1', auth, endpoints, s3ForcePathStyle: false, timeoutMs: 30_000 }
}

function assumeRole(roleArn: string, source: Extract<ConnectionAuth, { mode: 'assumeRole' }>['source']) {
  return {
    mode: 'assumeRole',
    roleArn,
    sessionName: 'sluice',
    durationSeconds: 3600,
    source,
  } as const
}

const creds = (accessKeyId: string): AwsCredentialIdentity => ({
  accessKeyId,
  secretAccessKey: 'x',
  expiration: new Date(Date.now() + 3_600_000),
})

/** Fake credential sources that record how they were made and name what they return. */
function fakes() {
  const made: { kind: string; init: Record<string, unknown> }[] = []
  let stsCalls = 0
  const factories: CredentialFactories = {
    defaultChain: (init) => {
      made.push({ kind: 'defaultChain', init: { ...init } })
      return async () => creds('CHAIN')
    },
    assumeRole: (init) => {
      made.push({ kind: 'assumeRole', init: { ...init, sts: { ...init.sts, requestHandler: 'handler' } } })
      return async () => {
        stsCalls += 1
        const signer = await init.source()
        return creds(`${init.roleArn.split('/').at(-1)}<-${signer.accessKeyId}`)
      }
    },
    webIdentity: (init) => {
      made.push({ kind: 'webIdentity', init: { ...init, sts: { endpoint: init.sts.endpoint } } })
      return async () => creds('WEB')
    },
    rolesAnywhere: (init) => {
      made.push({ kind: 'rolesAnywhere', init: { endpoint: init.endpoint, region: init.connectionRegion } })
      return async () => creds('X509')
    },
  }
  return { factories, made, stsCalls: () => stsCalls }
}

describe('credentialsFor: mode selection', () => {
  it('uses access keys as they are and never calls a factory', async () => {
    const { factories, made } = fakes()
    const { provider } = credentialsFor(connection({ ...KEYS, sessionToken: 'tok' }), {}, { factories })
    expect(await provider?.()).toEqual({
      accessKeyId: 'AKIAKEYS',
      secretAccessKey: 'do-not-print',
      sessionToken: 'tok',
    })
    expect(made).toEqual([])
  })

  it('has no provider for anonymous connections', () => {
    expect(
      credentialsFor(connection({ mode: 'none' }), {}, { factories: fakes().factories }).provider,
    ).toBeUndefined()
  })

  it('passes the profile and region to the default chain', async () => {
    const { factories, made } = fakes()
    const { provider } = credentialsFor(
      connection({ mode: 'defaultChain', profile: 'sso' }),
      {},
      { factories },
    )
    expect((await provider?.())?.accessKeyId).toBe('CHAIN')
    expect(made).toEqual([
      { kind: 'defaultChain', init: { profile: 'sso', region: 'eu-central-1', path: '/spec/auth' } },
    ])
  })

  it('lets the role ARN win over keys: the keys only sign AssumeRole', async () => {
    const { factories, made } = fakes()
    const auth = { ...assumeRole(ROLE_A, KEYS), externalId: 'ext-1', durationSeconds: 900 }
    const { provider } = credentialsFor(
      connection(auth, { sts: 'http://sts.local', all: 'http://all.local' }),
      {},
      { factories },
    )
    expect((await provider?.())?.accessKeyId).toBe('a<-AKIAKEYS')
    expect(made[0]).toEqual({
      kind: 'assumeRole',
      init: expect.objectContaining({
        roleArn: ROLE_A,
        externalId: 'ext-1',
        sessionName: 'sluice',
        durationSeconds: 900,
        path: '/spec/auth',
        sts: { region: 'eu-central-1', endpoint: 'http://sts.local', requestHandler: 'handler' },
      }),
    })
  })

  it('sends STS calls to endpoints.all when STS has no endpoint of its own', () => {
    const { factories, made } = fakes()
    credentialsFor(connection(assumeRole(ROLE_A, KEYS), { all: 'http://all.local' }), {}, { factories })
    credentialsFor(
      connection(
        { mode: 'webIdentity', roleArn: ROLE_A, tokenFile: '/t', sessionName: 's1', durationSeconds: 900 },
        { all: 'http://all.local' },
      ),
      {},
      { factories },
    )
    expect(made.map((m) => m.init.sts)).toEqual([
      expect.objectContaining({ endpoint: 'http://all.local' }),
      { endpoint: 'http://all.local' },
    ])
  })

  it('points Roles Anywhere at endpoints.rolesanywhere, else endpoints.all', () => {
    const { factories, made } = fakes()
    const auth = {
      mode: 'rolesAnywhere',
      certificate: 'pem',
      privateKey: 'pem',
      trustAnchorArn: 'arn:aws:rolesanywhere:eu-central-1:111111111111:trust-anchor/t',
      profileArn: 'arn:aws:rolesanywhere:eu-central-1:111111111111:profile/p',
      roleArn: ROLE_A,
      durationSeconds: 900,
    } as const
    credentialsFor(
      connection(auth, { rolesanywhere: 'http://ra.local', all: 'http://all.local' }),
      {},
      { factories },
    )
    credentialsFor(connection(auth, { all: 'http://all.local' }), {}, { factories })
    credentialsFor(connection(auth), {}, { factories })
    expect(made.map((m) => m.init.endpoint)).toEqual(['http://ra.local', 'http://all.local', undefined])
  })

  it('calls STS once for concurrent callers and shares the source', async () => {
    const fake = fakes()
    const { provider } = credentialsFor(
      connection(assumeRole(ROLE_A, KEYS)),
      {},
      { factories: fake.factories },
    )
    await Promise.all([provider?.(), provider?.(), provider?.()])
    await provider?.()
    expect(fake.stsCalls()).toBe(1)
  })
})

describe('credentialsFor: ambient identities', () => {
  const forbid = { allowAmbient: false }

  it('refuses the default chain and web identity when ambient identities are forbidden', () => {
    const { factories } = fakes()
    const chain = configErrorOf(() =>
      credentialsFor(connection({ mode: 'defaultChain' }), forbid, { factories }),
    )
    expect([chain.code, chain.path]).toEqual(['aws.ambient-forbidden', '/spec/auth/mode'])
    const web = {
      mode: 'webIdentity',
      roleArn: ROLE_A,
      tokenFile: '/t',
      sessionName: 's1',
      durationSeconds: 900,
    } as const
    const token = configErrorOf(() => credentialsFor(connection(web), forbid, { factories }))
    expect([token.code, token.path]).toEqual(['aws.ambient-forbidden', '/spec/auth/mode'])
  })

  it('refuses an assumed role whose source is ambient, including its default source', () => {
    const { factories } = fakes()
    const error = configErrorOf(() =>
      credentialsFor(connection(assumeRole(ROLE_A, { mode: 'defaultChain' })), forbid, { factories }),
    )
    expect([error.code, error.path]).toEqual(['aws.ambient-forbidden', '/spec/auth/source/mode'])
  })

  it('still allows keys, Roles Anywhere and roles assumed from keys', async () => {
    const { factories } = fakes()
    expect(credentialsFor(connection(KEYS), forbid, { factories }).provider).toBeDefined()
    const { provider } = credentialsFor(connection(assumeRole(ROLE_A, KEYS)), forbid, { factories })
    expect((await provider?.())?.accessKeyId).toBe('a<-AKIAKEYS')
  })
})

describe('credentialsFor: role chaining through connections', () => {
  const others = (table: Record<string, ConnectionSpec>) => (name: string) => table[name]

  it('assumes each role with the credentials of the connection before it', async () => {
    const { factories, made } = fakes()
    const b = connection(assumeRole(ROLE_B, KEYS), { sts: 'http://sts-b.local' })
    const a = connection(assumeRole(ROLE_A, { mode: 'connection', connection: 'b' }), {
      sts: 'http://sts-a.local',
    })
    const { provider } = credentialsFor(a, { connection: others({ b }) }, { factories })
    expect((await provider?.())?.accessKeyId).toBe('a<-b<-AKIAKEYS')
    expect(made.map((m) => [m.init.roleArn, m.init.sts])).toEqual([
      [ROLE_B, expect.objectContaining({ endpoint: 'http://sts-b.local' })],
      [ROLE_A, expect.objectContaining({ endpoint: 'http://sts-a.local' })],
    ])
  })

  it('reports a loop with the connections it passes through', () => {
    const { factories } = fakes()
    const a = connection(assumeRole(ROLE_A, { mode: 'connection', connection: 'b' }))
    const b = connection(assumeRole(ROLE_B, { mode: 'connection', connection: 'a' }))
    const error = configErrorOf(() =>
      credentialsFor(a, { name: 'a', connection: others({ a, b }) }, { factories }),
    )
    expect(error.code).toBe('aws.connection-cycle')
    expect(error.path).toBe('/spec/auth/source/connection')
    expect(error.message).toContain('a → b → a')
    const unnamed = configErrorOf(() => credentialsFor(a, { connection: others({ a, b }) }, { factories }))
    expect(unnamed.code).toBe('aws.connection-cycle')
    expect(unnamed.message).toContain('b → a → b')
  })

  it('names a missing connection, an anonymous one, and an ambient one behind the reference', () => {
    const { factories } = fakes()
    const via = (name: string) => connection(assumeRole(ROLE_A, { mode: 'connection', connection: name }))
    const table = others({
      open: connection({ mode: 'none' }),
      host: connection({ mode: 'defaultChain' }),
    })
    const missing = configErrorOf(() => credentialsFor(via('gone'), { connection: table }, { factories }))
    expect([missing.code, missing.message]).toEqual([
      'aws.connection-not-found',
      'connection "gone" does not exist.',
    ])
    const noResolver = configErrorOf(() => credentialsFor(via('gone'), {}, { factories }))
    expect(noResolver.message).toContain('no connection resolver')
    const anonymous = configErrorOf(() => credentialsFor(via('open'), { connection: table }, { factories }))
    expect([anonymous.code, anonymous.path]).toEqual(['aws.anonymous-source', '/spec/auth/source'])
    const ambient = configErrorOf(() =>
      credentialsFor(via('host'), { connection: table, allowAmbient: false }, { factories }),
    )
    expect([ambient.code, ambient.path]).toEqual(['aws.ambient-forbidden', '/spec/auth/source/connection'])
    expect(ambient.message).toMatch(/^connection "host" \(\/spec\/auth\/mode\): The default provider chain/)
  })
})
