import { describe, expect, it } from 'vitest'
import type { Asset } from '../asset.ts'
import { builtinRegistry } from '../kinds/builtin.ts'
import { validateProject } from './validate-project.ts'

const asset = (kind: string, name: string, spec: unknown, file = `${name}.yaml`): Asset => ({
  kind,
  name,
  requiredRoles: [],
  spec,
  file,
})
const connection = (auth: unknown, extra: Record<string, unknown> = {}) =>
  asset('connection.aws', 'aws', { region: 'eu-west-1', auth, ...extra })
const common = asset('resource.environment', 'common', {
  variables: { ROLE: 'arn:aws:iam::123456789012:role/a', TIMEOUT: '5000' },
})
const prod = asset('resource.environment', 'prod', {
  variables: { ROLE: 'arn:aws:iam::123456789012:role/prod', BAD: 'soon' },
})
const secrets = asset('resource.secret', 'prod-secrets', {
  keyFingerprint: 'sha256:ab',
  values: { 'external-id': { ciphertext: 'x' } },
})
const flow = asset('workflow', 'flow', {
  nodes: [
    { id: 'in', type: 'source', asset: 'in' },
    { id: 'out', type: 'sink', asset: 'out' },
  ],
  links: [{ from: 'in', to: 'out' }],
})
const deploy = asset('deployment', 'prod', {
  workflows: ['flow'],
  environments: ['common', 'prod'],
  secrets: ['prod-secrets'],
})
const source = asset('source.sqs', 'in', { connection: 'aws', queue: 'in' })
const sink = asset('sink.sqs', 'out', { connection: 'aws', queue: 'out' })
const project = (...extra: Asset[]) => [common, prod, secrets, flow, deploy, source, sink, ...extra]
const check = (assets: Asset[]) =>
  validateProject(builtinRegistry, assets).map((i) => [i.file, i.path, i.code])

describe('validateProject', () => {
  it('accepts macros that every deployment can resolve', () => {
    const aws = connection(
      { mode: 'assumeRole', roleArn: '${lay:ROLE}', externalId: '${sec:prod-secrets/external-id}' },
      { timeoutMs: '${lay:TIMEOUT}' },
    )
    expect(check(project(aws))).toEqual([])
  })

  it('reports missing references with the kinds they accept', () => {
    const issues = validateProject(builtinRegistry, [
      flow,
      source,
      asset('connection.aws', 'out', { region: 'eu-west-1' }),
    ])
    expect(issues.map((i) => [i.file, i.path, i.code])).toEqual([
      ['flow.yaml', '/spec/nodes/1/asset', 'ref.wrong-kind'],
      ['in.yaml', '/spec/connection', 'ref.missing'],
    ])
  })

  it('reports every macro a deployment cannot resolve, and values that do not fit once resolved', () => {
    const aws = connection(
      { mode: 'assumeRole', roleArn: '${lay:MISSING_ROLE}', externalId: '${sec:prod-secrets/nope}' },
      { timeoutMs: '${lay:BAD}' },
    )
    const issues = validateProject(builtinRegistry, project(aws))
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['/spec/auth/roleArn', 'macro.missing'],
      ['/spec/auth/externalId', 'macro.missing'],
    ])
    expect(issues[0]?.message).toContain('(in deployment "prod")')
    const typed = validateProject(
      builtinRegistry,
      project(connection({ mode: 'none' }, { timeoutMs: '${lay:BAD}' })),
    )
    expect(typed.map((i) => [i.path, i.code])).toEqual([['/spec/timeoutMs', 'schema.type']])
  })

  it('lets a later environment win', () => {
    const aws = connection({ mode: 'assumeRole', roleArn: '${lay:ROLE}' }, { timeoutMs: '${lay:TIMEOUT}' })
    const flipped = asset('deployment', 'prod', { workflows: ['flow'], environments: ['prod', 'common'] })
    expect(check([common, prod, flow, flipped, source, sink, aws])).toEqual([])
    const broken = asset('resource.environment', 'common', {
      variables: { ROLE: 'not-an-arn', TIMEOUT: '1' },
    })
    expect(check([broken, prod, flow, flipped, source, sink, aws]).map((i) => i[1])).toEqual([
      '/spec/auth/roleArn',
      '/spec/timeoutMs',
    ])
  })

  it('reports a sec: macro naming a secret resource that does not exist', () => {
    const aws = connection({ mode: 'accessKey', accessKeyId: 'A', secretAccessKey: '${sec:nowhere/key}' })
    expect(check([aws])).toEqual([['aws.yaml', '/spec/auth/secretAccessKey', 'ref.missing']])
  })
})
