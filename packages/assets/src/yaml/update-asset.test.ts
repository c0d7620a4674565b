import { describe, expect, it } from 'vitest'
import type { Asset } from '../asset.ts'
import { builtinRegistry } from '../kinds/builtin.ts'
import { connectionAws } from '../kinds/connection-aws.ts'
import { parseAssetYaml } from './parse-asset.ts'
import { assetToYaml } from './stringify-asset.ts'
import { updateAssetYaml } from './update-asset.ts'

const original = `# The production account.
kind: connection.aws
name: aws-prod # keep in sync with the deployment
description: Production account
requiredRoles: [aws-eu]
spec:
  # Frankfurt, close to the data.
  region: eu-central-1 # data residency
  # The account that owns the queues.
  accountId: '123456789012'

  auth: { mode: assumeRole, roleArn: "arn:aws:iam::123456789012:role/sluice" }
  timeoutMs: 5000 # slow on-premises proxy
# End of file.
`

const load = (text: string): Asset => {
  const { asset } = parseAssetYaml(builtinRegistry, text)
  if (!asset) throw new Error('no asset')
  return structuredClone(asset)
}
const update = (text: string, change: (spec: Record<string, unknown>, asset: Asset) => void) => {
  const asset = load(text)
  const spec: Record<string, unknown> = { ...Object(asset.spec) }
  change(spec, asset)
  const next = { ...asset, spec }
  const result = updateAssetYaml(builtinRegistry, text, next)
  expect(load(result)).toEqual(load(assetToYaml(builtinRegistry, next)))
  return result
}

describe('updateAssetYaml', () => {
  it('returns the original text when nothing changed', () => {
    expect(update(original, () => {})).toBe(original)
  })

  it.each(connectionAws.examples.map((e) => [e.title, e.yaml]))(
    'leaves the example "%s" as it is',
    (_t, yaml) => {
      expect(update(yaml, () => {})).toBe(yaml)
    },
  )

  it('changes one field and keeps the comments above, beside and below it', () => {
    const result = update(original, (spec) => {
      spec.region = 'eu-west-1'
    })
    expect(result).toBe(original.replace('region: eu-central-1 #', 'region: eu-west-1 #'))
  })

  it('keeps the quote style of a changed string and the flow style of its mapping', () => {
    const result = update(original, (spec) => {
      spec.accountId = '210987654321'
      spec.auth = { mode: 'assumeRole', roleArn: '${lay:ROLE_ARN}' }
    })
    expect(result).toBe(
      original
        .replace("accountId: '123456789012'", "accountId: '210987654321'")
        .replace('roleArn: "arn:aws:iam::123456789012:role/sluice"', 'roleArn: "${lay:ROLE_ARN}"'),
    )
  })

  it('changes a number and leaves the comment beside it', () => {
    const result = update(original, (spec) => {
      spec.timeoutMs = 6000
    })
    expect(result).toBe(original.replace('timeoutMs: 5000 #', 'timeoutMs: 6000 #'))
  })

  it('drops a field reset to its default, with the comment lines above it', () => {
    const result = update(original, (spec) => {
      spec.timeoutMs = 30_000
      delete spec.accountId
    })
    expect(result).toBe(
      original
        .replace("  # The account that owns the queues.\n  accountId: '123456789012'\n", '')
        .replace('  timeoutMs: 5000 # slow on-premises proxy\n', ''),
    )
  })

  it('inserts new keys in schema order, after their predecessor', () => {
    const result = update(original, (spec) => {
      spec.s3ForcePathStyle = true
      spec.endpoints = { s3: 'http://127.0.0.1:4566', sqs: 'http://127.0.0.1:4566' }
    })
    expect(result).toBe(
      original.replace(
        '  timeoutMs: 5000',
        '  endpoints:\n    s3: http://127.0.0.1:4566\n    sqs: http://127.0.0.1:4566\n  s3ForcePathStyle: true\n  timeoutMs: 5000',
      ),
    )
  })

  it('rewrites a value whose shape changes in place, in its flow style', () => {
    const result = update(original, (spec, asset) => {
      spec.auth = { mode: 'accessKey', accessKeyId: 'AKIA1', secretAccessKey: '${sec:prod/key}' }
      asset.requiredRoles = ['aws-eu', 'aws-us']
    })
    expect(result).toBe(
      original
        .replace('[aws-eu]', '[aws-eu, aws-us]')
        .replace(
          /auth: .*\n/,
          'auth: {mode: accessKey, accessKeyId: AKIA1, secretAccessKey: "${sec:prod/key}"}\n',
        ),
    )
  })

  it('rewrites a block mapping whose branch changes, and keeps the rest', () => {
    const text =
      'kind: connection.aws\nname: a\nspec:\n  region: eu-west-1\n  auth:\n    mode: none\n  # timeouts\n  timeoutMs: 100\n'
    const result = update(text, (spec) => {
      spec.auth = { mode: 'defaultChain', profile: 'dev' }
    })
    expect(result).toBe(text.replace('    mode: none\n', '    mode: defaultChain\n    profile: dev\n'))
  })

  it('keeps every comment when a list with comments grows', () => {
    const text = `kind: connection.aws
name: a
requiredRoles:
  - aws-eu # Frankfurt
  # more to come
spec:
  region: eu-west-1 # data residency
`
    const result = update(text, (_spec, asset) => {
      asset.requiredRoles = ['aws-eu', 'aws-us']
    })
    expect(result).toContain('# Frankfurt')
    expect(result).toContain('# data residency')
    expect(load(result).requiredRoles).toEqual(['aws-eu', 'aws-us'])
  })

  it('keeps the indentation of the file for new keys', () => {
    const text = 'kind: connection.aws\nname: a\nspec:\n    region: eu-west-1\n'
    const result = update(text, (spec) => {
      spec.auth = { mode: 'accessKey', accessKeyId: 'AKIA1', secretAccessKey: '${sec:s/k}' }
    })
    expect(result).toBe(
      `${text}    auth:\n        mode: accessKey\n        accessKeyId: AKIA1\n        secretAccessKey: \${sec:s/k}\n`,
    )
  })

  it('adds a key to a file without a final newline', () => {
    const text = 'kind: connection.aws\nname: a\nspec:\n  region: eu-west-1'
    expect(update(text, (spec) => Object.assign(spec, { s3ForcePathStyle: true }))).toBe(
      `${text}\n  s3ForcePathStyle: true\n`,
    )
  })

  it('leaves one blank line where a key between blank lines is removed', () => {
    const text =
      'kind: connection.aws\nname: a\nspec:\n  region: eu-west-1\n\n  timeoutMs: 100\n\n  s3ForcePathStyle: true\n'
    expect(update(text, (spec) => Object.assign(spec, { timeoutMs: 30_000 }))).toBe(
      text.replace('  timeoutMs: 100\n\n', ''),
    )
  })

  it('keeps Windows line endings', () => {
    const text = 'kind: connection.aws\r\nname: a # n\r\nspec:\r\n  region: eu-west-1\r\n'
    expect(
      update(text, (spec) => Object.assign(spec, { region: 'us-east-1', endpoints: { s3: 'http://s3' } })),
    ).toBe(
      'kind: connection.aws\r\nname: a # n\r\nspec:\r\n  region: us-east-1\r\n  endpoints:\r\n    s3: http://s3\r\n',
    )
    const grown = update(text, (_spec, asset) => {
      asset.requiredRoles = ['x']
    })
    expect(grown.replaceAll('\r\n', '')).not.toContain('\n')
  })

  it('updates the envelope: description and unknown keys', () => {
    const text =
      'kind: connection.aws\nname: a\ndescription: old\nlabels: { team: x }\nspec:\n  region: eu-west-1\n'
    const asset = load(text)
    expect(updateAssetYaml(builtinRegistry, text, { ...asset, description: 'new' })).toBe(
      'kind: connection.aws\nname: a\ndescription: new\nspec:\n  region: eu-west-1\n',
    )
    const { description: _dropped, ...withoutDescription } = asset
    expect(updateAssetYaml(builtinRegistry, text, withoutDescription)).toBe(
      'kind: connection.aws\nname: a\nspec:\n  region: eu-west-1\n',
    )
  })

  it('is stable: a second identical save changes nothing', () => {
    const once = update(original, (spec) => {
      spec.region = 'us-east-1'
      spec.auth = { mode: 'none' }
    })
    expect(updateAssetYaml(builtinRegistry, once, load(once))).toBe(once)
  })

  it.each([
    ['malformed YAML', 'kind: [oops\n'],
    ['a list', '- a\n'],
    ['an empty file', ''],
    ['an alias without anchor', 'kind: *x\n'],
  ])('writes a fresh file when the original is %s', (_title, text) => {
    const asset = load(original)
    expect(updateAssetYaml(builtinRegistry, text, asset)).toBe(assetToYaml(builtinRegistry, asset))
  })
})
