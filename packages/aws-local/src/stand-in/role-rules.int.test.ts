import {
  DescribeEventBusCommand,
  EventBridgeClient,
  ListEventBusesCommand,
} from '@aws-sdk/client-eventbridge'
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorName } from '../test-helpers.ts'
import { type StandIn, startStandIn } from './server.ts'

let standIn: StandIn
const ROLE = 'arn:aws:iam::000000000000:role/'
const base = { region: 'us-east-1', maxAttempts: 1 }

beforeAll(async () => {
  standIn = await startStandIn({
    roles: {
      'short-lived': { sessionSeconds: 3 },
      'pod-role': { subject: 'system:serviceaccount:etl:runner' },
      'no-describe': { deniedActions: ['events:DescribeEventBus'] },
    },
  })
}, 15_000)

afterAll(async () => {
  await standIn?.stop()
})

const sts = () =>
  new STSClient({
    ...base,
    endpoint: standIn.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
const token = (sub: string) => `e30.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.sig`

async function assume(role: string) {
  const { Credentials } = await sts().send(
    new AssumeRoleCommand({ RoleArn: `${ROLE}${role}`, RoleSessionName: 'rules' }),
  )
  return {
    accessKeyId: Credentials?.AccessKeyId ?? '',
    secretAccessKey: Credentials?.SecretAccessKey ?? '',
    sessionToken: Credentials?.SessionToken ?? '',
    expiration: Credentials?.Expiration ?? new Date(0),
  }
}

describe('stand-in role rules', () => {
  it('issues short-lived sessions on request and logs every session with its caller', async () => {
    const issued = await assume('short-lived')
    expect(issued.expiration.getTime() - Date.now()).toBeLessThanOrEqual(3_000)
    expect(standIn.sessions().at(-1)).toMatchObject({
      action: 'AssumeRole',
      roleArn: `${ROLE}short-lived`,
      accessKeyId: issued.accessKeyId,
      callerArn: 'arn:aws:iam::000000000000:root',
    })
  })

  it('requires the configured subject in a web identity token', async () => {
    const withToken = (sub: string) =>
      sts().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: `${ROLE}pod-role`,
          RoleSessionName: 'pod',
          WebIdentityToken: token(sub),
        }),
      )
    expect(await errorName(withToken('system:serviceaccount:other:thief'))).toBe('AccessDenied')
    expect((await withToken('system:serviceaccount:etl:runner')).Credentials?.AccessKeyId).toMatch(/^ASIA/)
    expect(standIn.sessions().at(-1)).toMatchObject({
      action: 'AssumeRoleWithWebIdentity',
      subject: 'system:serviceaccount:etl:runner',
    })
  })

  it('refuses the denied EventBridge actions to sessions of the role, and only those', async () => {
    const events = new EventBridgeClient({
      ...base,
      endpoint: standIn.endpoint,
      credentials: await assume('no-describe'),
    })
    expect(await errorName(events.send(new DescribeEventBusCommand({ Name: 'default' })))).toBe(
      'AccessDeniedException',
    )
    expect((await events.send(new ListEventBusesCommand({}))).EventBuses?.map((b) => b.Name)).toContain(
      'default',
    )
    events.destroy()
  })
})
