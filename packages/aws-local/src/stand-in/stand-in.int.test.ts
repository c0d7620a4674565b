import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DisableRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRulesCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge'
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorName } from '../test-helpers.ts'
import { type StandIn, startStandIn } from './server.ts'

let standIn: StandIn
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }

beforeAll(async () => {
  standIn = await startStandIn({ roles: { 'partner-reader': { externalId: 'xyz-123' } } })
}, 15_000)

afterAll(async () => {
  await standIn?.stop()
})

function events(
  creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = credentials,
) {
  return new EventBridgeClient({
    endpoint: standIn.endpoint,
    region: 'us-east-1',
    credentials: creds,
    maxAttempts: 1,
  })
}

function sts(creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = credentials) {
  return new STSClient({
    endpoint: standIn.endpoint,
    region: 'us-east-1',
    credentials: creds,
    maxAttempts: 1,
  })
}

const ROLE = 'arn:aws:iam::000000000000:role/'

describe('stand-in STS', () => {
  it('enforces a configured ExternalId and the DurationSeconds range', async () => {
    const client = sts()
    const assume = (extra: { ExternalId?: string; DurationSeconds?: number }, role = 'partner-reader') =>
      client.send(new AssumeRoleCommand({ RoleArn: `${ROLE}${role}`, RoleSessionName: 'job', ...extra }))
    expect(await errorName(assume({}))).toBe('AccessDenied')
    expect(await errorName(assume({ ExternalId: 'wrong' }))).toBe('AccessDenied')
    expect((await assume({ ExternalId: 'xyz-123' })).Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(await errorName(assume({ DurationSeconds: 899 }, 'any-role'))).toBe('ValidationError')
    expect(await errorName(assume({ DurationSeconds: 43201 }, 'any-role'))).toBe('ValidationError')
    const long = await assume({ DurationSeconds: 43200 }, 'any-role')
    const expiresIn = (long.Credentials?.Expiration?.getTime() ?? 0) - Date.now()
    expect(expiresIn).toBeGreaterThan(43_000_000)
    client.destroy()
  })

  it('limits role chaining to one hour and reports identities', async () => {
    const first = await sts().send(
      new AssumeRoleCommand({ RoleArn: `${ROLE}hop-1`, RoleSessionName: 'hop-a' }),
    )
    const c = first.Credentials
    const chained = sts({
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    })
    const over = chained.send(
      new AssumeRoleCommand({ RoleArn: `${ROLE}hop-2`, RoleSessionName: 'hop-b', DurationSeconds: 7200 }),
    )
    expect(await errorName(over)).toBe('ValidationError')
    const hop = await chained.send(
      new AssumeRoleCommand({ RoleArn: `${ROLE}hop-2`, RoleSessionName: 'hop-b' }),
    )
    expect(hop.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:hop-b$/)
    expect((await sts().send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::000000000000:root')
  })

  it('serves AssumeRoleWithWebIdentity for any token', async () => {
    const claims = Buffer.from(
      JSON.stringify({ sub: 'system:serviceaccount:etl:runner', aud: 'sts' }),
    ).toString('base64url')
    const result = await sts().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: `${ROLE}irsa`,
        RoleSessionName: 'pod',
        WebIdentityToken: `e30.${claims}.sig`,
      }),
    )
    expect(result.SubjectFromWebIdentityToken).toBe('system:serviceaccount:etl:runner')
    expect(result.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/irsa/pod')
    const opaque = await sts().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: `${ROLE}irsa`,
        RoleSessionName: 'pod',
        WebIdentityToken: 'opaque',
      }),
    )
    expect(opaque.Credentials?.SessionToken).toBeTruthy()
  })

  it('names authentication failures as STS does', async () => {
    expect(
      await errorName(
        sts({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})),
      ),
    ).toBe('InvalidClientTokenId')
    const issued = await sts().send(
      new AssumeRoleCommand({ RoleArn: `${ROLE}r`, RoleSessionName: 'no-token' }),
    )
    const noToken = sts({
      accessKeyId: issued.Credentials?.AccessKeyId ?? '',
      secretAccessKey: issued.Credentials?.SecretAccessKey ?? '',
    })
    expect(await errorName(noToken.send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId')
  })
})

describe('stand-in EventBridge', () => {
  it('manages buses with AWS errors and pagination', async () => {
    const client = events()
    await client.send(new CreateEventBusCommand({ Name: 'bus-a' }))
    await client.send(new CreateEventBusCommand({ Name: 'bus-b' }))
    expect(await errorName(client.send(new CreateEventBusCommand({ Name: 'bus-a' })))).toBe(
      'ResourceAlreadyExistsException',
    )
    expect(await errorName(client.send(new DescribeEventBusCommand({ Name: 'nope' })))).toBe(
      'ResourceNotFoundException',
    )
    expect(await errorName(client.send(new DeleteEventBusCommand({ Name: 'default' })))).toBe(
      'ValidationException',
    )
    const firstPage = await client.send(new ListEventBusesCommand({ NamePrefix: 'bus-', Limit: 1 }))
    expect(firstPage.EventBuses?.map((b) => b.Name)).toEqual(['bus-a'])
    const second = await client.send(
      new ListEventBusesCommand({ NamePrefix: 'bus-', NextToken: firstPage.NextToken }),
    )
    expect(second.EventBuses?.map((b) => b.Name)).toEqual(['bus-b'])
    const described = await client.send(
      new DescribeEventBusCommand({ Name: 'arn:aws:events:us-east-1:000000000000:event-bus/bus-b' }),
    )
    expect(described.CreationTime).toBeInstanceOf(Date)
    await client.send(new DeleteEventBusCommand({ Name: 'bus-b' }))
    expect(await errorName(client.send(new DescribeEventBusCommand({ Name: 'bus-b' })))).toBe(
      'ResourceNotFoundException',
    )
  })

  it('validates rules and guards deleting rules with targets', async () => {
    const client = events()
    const bad = client.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"x"}' }))
    expect(await errorName(bad)).toBe('InvalidEventPatternException')
    expect(await errorName(client.send(new PutRuleCommand({ Name: 'empty' })))).toBe('ValidationException')
    await client.send(new PutRuleCommand({ Name: 'r1', EventPattern: '{"source":["a"]}' }))
    const target = { Id: 't', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }
    await client.send(new PutTargetsCommand({ Rule: 'r1', Targets: [target] }))
    expect(await errorName(client.send(new DeleteRuleCommand({ Name: 'r1' })))).toBe('ValidationException')
    expect(await errorName(client.send(new PutTargetsCommand({ Rule: 'nope', Targets: [target] })))).toBe(
      'ResourceNotFoundException',
    )
    expect((await client.send(new ListRulesCommand({ NamePrefix: 'r' }))).Rules?.map((r) => r.Name)).toEqual([
      'r1',
    ])
    await client.send(new RemoveTargetsCommand({ Rule: 'r1', Ids: ['t'] }))
    await client.send(new DeleteRuleCommand({ Name: 'r1' }))
    expect((await client.send(new ListRulesCommand({ NamePrefix: 'r' }))).Rules).toEqual([])
  })

  it('reports per-entry errors, size limits, and matches only enabled rules', async () => {
    const client = events()
    await client.send(
      new PutRuleCommand({ Name: 'on', EventPattern: '{"detail":{"n":[{"numeric":[">",1]}]}}' }),
    )
    await client.send(new PutRuleCommand({ Name: 'off', EventPattern: '{"source":["s"]}' }))
    await client.send(new DisableRuleCommand({ Name: 'off' }))
    await fetch(`${standIn.endpoint}/_standin/events`, { method: 'DELETE' })
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 's', DetailType: 't', Detail: '{"n":2}' },
          { Source: 's', DetailType: 't', Detail: '{"n":2}', EventBusName: 'missing-bus' },
          { DetailType: 't', Detail: '{}' },
          { Source: 's', DetailType: 't', Detail: '[1]' },
        ],
      }),
    )
    expect(result.FailedEntryCount).toBe(3)
    expect(result.Entries?.map((e) => e.ErrorCode)).toEqual([
      undefined,
      'ResourceNotFoundException',
      'InvalidArgument',
      'MalformedDetail',
    ])
    const recorded = standIn.events()
    expect(recorded).toHaveLength(1)
    expect(recorded[0]?.matchedRules).toEqual(['arn:aws:events:us-east-1:000000000000:rule/on'])
    const huge = client.send(
      new PutEventsCommand({
        Entries: [{ Source: 's', DetailType: 't', Detail: JSON.stringify({ x: 'y'.repeat(262_144) }) }],
      }),
    )
    expect(await errorName(huge)).toBe('ValidationException')
    expect(await errorName(client.send(new PutEventsCommand({ Entries: [] })))).toBe('ValidationException')
  })

  it('names authentication failures as JSON services do', async () => {
    const unknown = events({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' })
    expect(await errorName(unknown.send(new ListEventBusesCommand({})))).toBe('UnrecognizedClientException')
    const unsigned = await fetch(standIn.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.ListEventBuses' },
      body: '{}',
    })
    expect(unsigned.status).toBe(403)
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' })
  })
})
