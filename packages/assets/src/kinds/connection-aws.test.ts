import { describe, expect, it } from 'vitest'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'

const connection = (spec: unknown, extra: Record<string, unknown> = {}) => ({
  kind: 'connection.aws',
  name: 'aws',
  ...extra,
  spec,
})
const codes = (document: unknown) =>
  validateAsset(builtinRegistry, document).issues.map((i) => [i.path, i.code])

describe('connection.aws', () => {
  it.each([
    ['default chain, defaults applied', { region: 'eu-central-1' }],
    ['a new region', { region: 'mx-central-1', auth: { mode: 'none' } }],
    ['a macro in a number field', { region: 'eu-west-1', timeoutMs: '${lay:TIMEOUT}' }],
    [
      'keys from a secret',
      {
        region: 'us-east-1',
        auth: { mode: 'accessKey', accessKeyId: 'AKIA1', secretAccessKey: '${sec:s/k}' },
      },
    ],
    [
      'role chained through another connection',
      {
        region: 'us-east-1',
        auth: {
          mode: 'assumeRole',
          roleArn: 'arn:aws:iam::123456789012:role/r',
          source: { mode: 'connection', connection: 'base' },
        },
      },
    ],
  ])('accepts %s', (_title, spec) => {
    expect(codes(connection(spec))).toEqual([])
  })

  it.each([
    ['a region that is no region', { region: 'Europe' }, [['/spec/region', 'schema.pattern']]],
    [
      'an unknown auth mode',
      { region: 'eu-west-1', auth: { mode: 'magic' } },
      [['/spec/auth/mode', 'schema.enum']],
    ],
    [
      'a session that is too short',
      {
        region: 'eu-west-1',
        auth: { mode: 'assumeRole', roleArn: 'arn:aws:iam::123456789012:role/r', durationSeconds: 60 },
      },
      [['/spec/auth/durationSeconds', 'schema.range']],
    ],
    [
      'a Roles Anywhere session over an hour',
      {
        region: 'eu-west-1',
        auth: {
          mode: 'rolesAnywhere',
          certificate: 'c',
          privateKey: '${sec:s/k}',
          trustAnchorArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/a',
          profileArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/p',
          roleArn: 'arn:aws:iam::123456789012:role/r',
          durationSeconds: 7200,
        },
      },
      [['/spec/auth/durationSeconds', 'schema.range']],
    ],
    [
      'a plaintext secret key',
      { region: 'eu-west-1', auth: { mode: 'accessKey', accessKeyId: 'A', secretAccessKey: 'hunter2' } },
      [['/spec/auth/secretAccessKey', 'secret.plaintext']],
    ],
    [
      'a string in a boolean field',
      { region: 'eu-west-1', s3ForcePathStyle: 'yes' },
      [['/spec/s3ForcePathStyle', 'schema.type']],
    ],
    ['an unknown field', { region: 'eu-west-1', regoin: 'x' }, [['/spec/regoin', 'schema.unknown-field']]],
    ['a per-message macro in a static field', { region: '${msg:region}' }, [['/spec/region', 'macro.phase']]],
    ['an unknown macro prefix', { region: '${foo:bar}' }, [['/spec/region', 'macro.unknown-prefix']]],
    ['an unclosed macro', { region: '${lay:REGION' }, [['/spec/region', 'macro.syntax']]],
    [
      'a macro in a discriminator',
      { region: 'eu-west-1', auth: { mode: '${lay:MODE}' } },
      [['/spec/auth/mode', 'schema.enum']],
    ],
    ['no region', {}, [['/spec/region', 'schema.required']]],
  ])('rejects %s', (_title, spec, expected) => {
    expect(codes(connection(spec))).toEqual(expected)
  })

  it.each([
    ['a name with spaces', { name: 'my conn' }, [['/name', 'schema.pattern']]],
    ['a name with ../', { name: '../etc' }, [['/name', 'schema.pattern']]],
    ['an unknown kind', { kind: 'connection.gcp' }, [['/kind', 'asset.unknown-kind']]],
  ])('rejects %s in the envelope', (_title, extra, expected) => {
    expect(codes(connection({ region: 'eu-west-1' }, extra))).toEqual(expected)
  })

  it('names the allowed modes and the field that is missing', () => {
    const { issues } = validateAsset(
      builtinRegistry,
      connection({ region: 'eu-west-1', auth: { mode: 'accessKey', accessKeyId: 'A' } }),
    )
    expect(issues).toEqual([
      {
        path: '/spec/auth/secretAccessKey',
        code: 'schema.required',
        message: expect.stringContaining('Secret access key'),
      },
    ])
  })
})
