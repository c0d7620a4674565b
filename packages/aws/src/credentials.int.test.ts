import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ListEventBusesCommand } from '@aws-sdk/client-eventbridge'
import { ListBucketsCommand } from '@aws-sdk/client-s3'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import {
  createTestPki,
  type LocalAws,
  startLocalAws,
  type TestCertificate,
  type TestPki,
} from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AwsClients, createAwsClients } from './clients.ts'
import type { ConnectionAuth, ConnectionSpec } from './connection-spec.ts'
import { AwsCallError, AwsConfigError } from './errors.ts'
import { assumeRoleAuth, LOCAL_KEYS, localConnection, localRole } from './testing/local-connection.ts'

const ANCHOR = 'arn:aws:rolesanywhere:us-east-1:000000000000:trust-anchor/test'
const PROFILE = 'arn:aws:rolesanywhere:us-east-1:000000000000:profile/test'

let aws: LocalAws
let pki: TestPki
let dir: string
const opened: AwsClients[] = []

beforeAll(async () => {
  pki = await createTestPki()
  dir = await mkdtemp(join(tmpdir(), 'sluice-aws-'))
  aws = await startLocalAws({
    roles: {
      'partner-reader': { externalId: 'ext-7f3a' },
      'pod-role': { subject: 'system:serviceaccount:etl:runner' },
      'short-lived': { sessionSeconds: 62 },
      blink: { sessionSeconds: 2 },
    },
    rolesAnywhere: { trustAnchors: { [ANCHOR]: pki.caCertificate } },
  })
}, 60_000)

afterAll(async () => {
  for (const clients of opened) clients.destroy()
  await aws?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

function clientsFor(auth: ConnectionAuth, options: Parameters<typeof createAwsClients>[1] = {}): AwsClients {
  const clients = createAwsClients(localConnection(aws, auth), { maxAttempts: 1, ...options })
  opened.push(clients)
  return clients
}

async function callerArn(clients: AwsClients): Promise<string | undefined> {
  return (await clients.sts().send(new GetCallerIdentityCommand({}))).Arn
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

function rolesAnywhere(leaf: TestCertificate): ConnectionAuth {
  return {
    mode: 'rolesAnywhere',
    certificate: leaf.certificate,
    privateKey: leaf.privateKey,
    ...(leaf.chain === undefined ? {} : { certificateChain: leaf.chain }),
    trustAnchorArn: ANCHOR,
    profileArn: PROFILE,
    roleArn: localRole('onprem'),
    durationSeconds: 900,
  }
}

describe('credentials against the local stack', () => {
  it('signs with access keys', async () => {
    expect(await callerArn(clientsFor(LOCAL_KEYS))).toBe('arn:aws:iam::000000000000:root')
  })

  it('assumes a role with the external id its trust policy requires, and is refused with a wrong one', async () => {
    const good = clientsFor(
      assumeRoleAuth(localRole('partner-reader'), LOCAL_KEYS, { externalId: 'ext-7f3a' }),
    )
    expect(await callerArn(good)).toBe('arn:aws:sts::000000000000:assumed-role/partner-reader/sluice')
    const wrong = clientsFor(
      assumeRoleAuth(localRole('partner-reader'), LOCAL_KEYS, { externalId: 'ext-wrong' }),
    )
    const error = await rejection(callerArn(wrong))
    expect(error).toBeInstanceOf(AwsCallError)
    expect(error).toMatchObject({ code: 'aws.access-denied', action: 'sts:AssumeRole', path: '/spec/auth' })
    expect(String(error)).not.toContain('ext-wrong')
  })

  it('chains roles through two connections', async () => {
    const table: Record<string, ConnectionSpec> = {
      hub: localConnection(aws, assumeRoleAuth(localRole('hub'), LOCAL_KEYS, { sessionName: 'hub-session' })),
    }
    const clients = clientsFor(
      assumeRoleAuth(localRole('spoke'), { mode: 'connection', connection: 'hub' }),
      {
        connection: (name) => table[name],
      },
    )
    expect(await callerArn(clients)).toBe('arn:aws:sts::000000000000:assumed-role/spoke/sluice')
    const hops = aws.standIn
      .sessions()
      .filter((s) => ['hub', 'spoke'].some((r) => s.roleArn === localRole(r)))
    expect(hops.map((s) => [s.roleArn, s.callerArn])).toEqual([
      [localRole('hub'), 'arn:aws:iam::000000000000:root'],
      [localRole('spoke'), 'arn:aws:sts::000000000000:assumed-role/hub/hub-session'],
    ])
  })

  it('assumes a role with a web identity token read from a file', async () => {
    const claims = Buffer.from(JSON.stringify({ sub: 'system:serviceaccount:etl:runner' })).toString(
      'base64url',
    )
    const tokenFile = join(dir, 'token')
    await writeFile(tokenFile, `e30.${claims}.sig`)
    const auth = {
      mode: 'webIdentity',
      roleArn: localRole('pod-role'),
      tokenFile,
      sessionName: 'pod',
      durationSeconds: 900,
    } as const
    expect(await callerArn(clientsFor(auth))).toBe('arn:aws:sts::000000000000:assumed-role/pod-role/pod')
    const missing = await rejection(callerArn(clientsFor({ ...auth, tokenFile: join(dir, 'absent') })))
    expect(missing).toMatchObject({ code: 'aws.token-file-unreadable', path: '/spec/auth/tokenFile' })
  })

  it.each(['ec', 'rsa'] as const)(
    'gets a Roles Anywhere session signed with an %s key the stand-in verifies',
    async (keyType) => {
      const leaf = await pki.issue({ keyType })
      const arn = await callerArn(clientsFor(rolesAnywhere(leaf)))
      expect(arn).toBe(`arn:aws:sts::000000000000:assumed-role/onprem/${leaf.serialNumber.toLowerCase()}`)
    },
  )

  it('sends the intermediate of a chained certificate, and is refused a certificate from another CA', async () => {
    const chained = await pki.issue({ throughIntermediate: true })
    expect(await callerArn(clientsFor(rolesAnywhere(chained)))).toContain('assumed-role/onprem/')
    const stranger = await (await createTestPki('Unrelated CA')).issue()
    const error = await rejection(callerArn(clientsFor(rolesAnywhere(stranger))))
    expect(error).toMatchObject({ code: 'aws.access-denied', path: '/spec/auth' })
    expect(String(error)).toContain('Untrusted certificate')
  })

  it('refreshes credentials once less than a minute of their lifetime remains, for every client', async () => {
    const clients = clientsFor(assumeRoleAuth(localRole('short-lived'), LOCAL_KEYS))
    const issued = () => aws.standIn.sessions().filter((s) => s.roleArn === localRole('short-lived'))
    await callerArn(clients)
    await clients.eventBridge().send(new ListEventBusesCommand({}))
    expect(issued()).toHaveLength(1)
    const [first] = issued()
    const refreshAt = Date.parse(first?.expiration ?? '') - 60_000
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, refreshAt - Date.now()) + 200))
    await clients.eventBridge().send(new ListEventBusesCommand({}))
    expect(await callerArn(clients)).toContain('assumed-role/short-lived/')
    expect(issued()).toHaveLength(2)
    expect((await clients.credentials()).accessKeyId).toBe(issued()[1]?.accessKeyId)
  })

  it('replaces credentials that have really expired, which the stand-in no longer accepts', async () => {
    const clients = clientsFor(assumeRoleAuth(localRole('blink'), LOCAL_KEYS))
    await callerArn(clients)
    const [first] = aws.standIn.sessions().filter((s) => s.roleArn === localRole('blink'))
    const stale = await clients.credentials()
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, Date.parse(first?.expiration ?? '') - Date.now()) + 300),
    )
    const expired = new STSClient({ ...aws.clientConfig('sts'), credentials: stale, maxAttempts: 1 })
    expect(await rejection(expired.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'ExpiredToken',
    })
    expired.destroy()
    expect(await callerArn(clients)).toContain('assumed-role/blink/')
    expect((await clients.credentials()).accessKeyId).not.toBe(stale.accessKeyId)
  })

  it('refuses ambient identities when the cluster forbids them', () => {
    expect(() => clientsFor({ mode: 'defaultChain' }, { allowAmbient: false })).toThrow(AwsConfigError)
    expect(() =>
      clientsFor(assumeRoleAuth(localRole('x'), { mode: 'defaultChain' }), { allowAmbient: false }),
    ).toThrow('ambient identity')
  })

  it('sends anonymous requests unsigned', async () => {
    const anonymous = clientsFor({ mode: 'none' })
    const refused = await rejection(anonymous.eventBridge().send(new ListEventBusesCommand({})))
    expect(refused).toMatchObject({ name: 'MissingAuthenticationTokenException' })
    expect((await anonymous.s3().send(new ListBucketsCommand({}))).$metadata.httpStatusCode).toBe(200)
    await expect(anonymous.credentials()).rejects.toMatchObject({ code: 'aws.anonymous' })
  })
})
