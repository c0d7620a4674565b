import { describe, expect, it } from 'vitest'
import type { Asset } from '../asset.ts'
import { builtinRegistry } from '../kinds/builtin.ts'
import { connectionAws } from '../kinds/connection-aws.ts'
import { parseAssetYaml } from './parse-asset.ts'
import { assetToYaml } from './stringify-asset.ts'

const parsed = (text: string): Asset => {
  const { asset, issues } = parseAssetYaml(builtinRegistry, text)
  expect(issues).toEqual([])
  if (!asset) throw new Error('no asset')
  return asset
}
const write = (asset: Asset) => assetToYaml(builtinRegistry, asset)
const connection = (spec: unknown, extra: Partial<Asset> = {}): Asset => ({
  kind: 'connection.aws',
  name: 'aws-prod',
  requiredRoles: [],
  spec,
  ...extra,
})

describe('assetToYaml', () => {
  it.each(connectionAws.examples.map((e) => [e.title, e.yaml]))(
    'round-trips the example "%s"',
    (_title, yaml) => {
      const asset = parsed(yaml)
      const text = write(asset)
      expect(parsed(text)).toEqual(asset)
      expect(write(parsed(text))).toBe(text)
    },
  )

  it('orders keys by the envelope and the schema, whatever the order they came in', () => {
    const scrambled = `spec:
  timeoutMs: 5000
  auth:
    durationSeconds: 900
    source: { connection: base, mode: connection }
    roleArn: arn:aws:iam::123456789012:role/r
    mode: assumeRole
  region: eu-west-1
requiredRoles: [aws-eu]
description: Production
name: aws-prod
kind: connection.aws
`
    expect(write(parsed(scrambled))).toBe(`kind: connection.aws
name: aws-prod
description: Production
requiredRoles: [aws-eu]
spec:
  region: eu-west-1
  auth:
    mode: assumeRole
    roleArn: arn:aws:iam::123456789012:role/r
    durationSeconds: 900
    source:
      mode: connection
      connection: base
  timeoutMs: 5000
`)
  })

  it('leaves out defaults, empty roles, an absent description and the file', () => {
    const asset = parsed(`kind: connection.aws
name: aws-prod
requiredRoles: []
spec:
  region: eu-west-1
  auth: { mode: defaultChain }
  endpoints: {}
  s3ForcePathStyle: false
  timeoutMs: 30000
`)
    expect(write({ ...asset, file: 'connections/aws-prod.yaml' })).toBe(
      'kind: connection.aws\nname: aws-prod\nspec:\n  region: eu-west-1\n',
    )
  })

  it('leaves out nested defaults and a mapping left empty whose default is {}', () => {
    const spec = {
      region: 'eu-west-1',
      endpoints: { s3: undefined },
      auth: {
        mode: 'assumeRole',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        sessionName: 'sluice',
        durationSeconds: 3600,
        source: { mode: 'defaultChain' },
      },
    }
    expect(write(connection(spec))).toBe(`kind: connection.aws
name: aws-prod
spec:
  region: eu-west-1
  auth:
    mode: assumeRole
    roleArn: arn:aws:iam::123456789012:role/r
`)
  })

  it('keeps a value that differs from its default, and unknown keys last in their order', () => {
    const spec = { zeta: 1, region: 'eu-west-1', alpha: { b: 1, a: 2 }, s3ForcePathStyle: true }
    expect(write(connection(spec))).toBe(`kind: connection.aws
name: aws-prod
spec:
  region: eu-west-1
  s3ForcePathStyle: true
  zeta: 1
  alpha:
    b: 1
    a: 2
`)
  })

  it('quotes macros only where YAML needs it', () => {
    const spec = {
      region: '${lay:REGION}',
      accountId: '123456789012',
      auth: {
        mode: 'accessKey',
        accessKeyId: '${lay:KEY:-AKIA 1}',
        secretAccessKey: '${sec:s/k} # not a comment',
      },
      timeoutMs: '${lay:TIMEOUT}',
    }
    const text = write(connection(spec))
    expect(text).toContain('  region: ${lay:REGION}\n')
    expect(text).toContain('  accountId: "123456789012"\n')
    expect(text).toContain('    accessKeyId: ${lay:KEY:-AKIA 1}\n')
    expect(text).toContain('    secretAccessKey: "${sec:s/k} # not a comment"\n')
    expect(text).toContain('  timeoutMs: ${lay:TIMEOUT}\n')
    expect(parsed(text).spec).toMatchObject(spec)
  })

  it('writes multi-line values as literal blocks and never folds long lines', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'
    const description = 'A long description. '.repeat(10).trim()
    const asset = connection(
      {
        region: 'eu-west-1',
        auth: {
          mode: 'rolesAnywhere',
          certificate: pem,
          privateKey: '${sec:s/key}',
          trustAnchorArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/a',
          profileArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/p',
          roleArn: 'arn:aws:iam::123456789012:role/r',
        },
      },
      { description },
    )
    const text = write(asset)
    expect(text).toContain(`description: ${description}\n`)
    expect(text).toContain('    certificate: |-\n      -----BEGIN CERTIFICATE-----\n      MIIB\n')
    expect(parsed(text)).toEqual(parsed(write(parsed(text))))
  })

  it('writes lists of scalars in flow style and lists of mappings as blocks', () => {
    const asset: Asset = {
      kind: 'sink.s3',
      name: 'reports',
      requiredRoles: ['aws-eu', 'aws-us'],
      spec: {
        connection: 'aws-prod',
        bucket: 'reports',
        keyTemplate: 'r/${date:yyyy}.csv',
        format: { type: 'csv', columns: ['id', 'a, b', 'multi\nline'] },
      },
    }
    const text = write(asset)
    expect(text).toContain('requiredRoles: [aws-eu, aws-us]\n')
    expect(text).toContain(
      '    columns:\n      - id\n      - a, b\n      - |-\n        multi\n        line\n',
    )
    const again = parseAssetYaml(builtinRegistry, text).asset
    expect(again).toEqual(parseAssetYaml(builtinRegistry, write(again ?? asset)).asset)
  })

  it('never writes anchors for repeated objects', () => {
    const endpoint = 'http://127.0.0.1:4566'
    const shared = { mode: 'none' }
    const text = write(
      connection({ region: 'eu-west-1', auth: shared, extra: shared, endpoints: { s3: endpoint } }),
    )
    expect(text).not.toMatch(/[&*]/)
  })

  it('writes an unknown kind with its spec as given', () => {
    const text = write({ kind: 'thing.new', name: 'x', requiredRoles: [], spec: { b: 1, a: [] } })
    expect(text).toBe('kind: thing.new\nname: x\nspec:\n  b: 1\n  a: []\n')
  })
})
