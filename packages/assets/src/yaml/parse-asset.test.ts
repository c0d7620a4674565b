import { describe, expect, it } from 'vitest'
import { builtinRegistry } from '../kinds/builtin.ts'
import { connectionAws } from '../kinds/connection-aws.ts'
import { parseAssetYaml } from './parse-asset.ts'

const file = 'connections/aws-prod.yaml'
const parse = (text: string) => parseAssetYaml(builtinRegistry, text, file)
const found = (text: string) => parse(text).issues.map((i) => [i.file, i.path, i.code])

describe('parseAssetYaml', () => {
  it.each(connectionAws.examples.map((e) => [e.title, e.yaml]))('reads the example "%s"', (_title, yaml) => {
    const { asset, document, issues } = parse(yaml)
    expect(issues).toEqual([])
    expect(asset?.kind).toBe('connection.aws')
    expect(asset?.file).toBe(file)
    expect(document?.contents).toBeDefined()
  })

  it('applies defaults and keeps the envelope', () => {
    const { asset } = parse(
      'kind: connection.aws\nname: a\ndescription: d\nrequiredRoles: [x]\nspec: { region: eu-west-1 }\n',
    )
    expect(asset).toEqual({
      kind: 'connection.aws',
      name: 'a',
      description: 'd',
      requiredRoles: ['x'],
      file,
      spec: {
        region: 'eu-west-1',
        auth: { mode: 'defaultChain' },
        endpoints: {},
        s3ForcePathStyle: false,
        timeoutMs: 30_000,
      },
    })
  })

  it('reports malformed YAML with its line and column', () => {
    const { asset, issues } = parse('kind: connection.aws\nname: a\nspec:\n  region: "eu-west-1\n')
    expect(asset).toBeUndefined()
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ file, path: '', code: 'yaml.syntax' })
    expect(issues[0]?.message).toMatch(/^line 5, column 1: .*quote/)
  })

  it('reports an unclosed flow list', () => {
    const { issues } = parse('kind: connection.aws\nname: a\nrequiredRoles: [a, b\nspec: {}\n')
    expect(issues.map((i) => i.code)).toContain('yaml.syntax')
    expect(issues.every((i) => i.file === file && i.path === '')).toBe(true)
    expect(issues[0]?.message).toMatch(/^line \d+, column \d+: /)
  })

  it('reports a duplicate key by name and position', () => {
    const { asset, issues } = parse(
      'kind: connection.aws\nname: a\nspec:\n  region: eu-west-1\n  region: us-east-1\n',
    )
    expect(asset).toBeUndefined()
    expect(issues).toEqual([
      {
        file,
        path: '',
        code: 'yaml.syntax',
        message: 'line 5, column 3: the key "region" appears twice in the same mapping',
      },
    ])
  })

  it('reports several documents in one file', () => {
    expect(found('kind: connection.aws\nname: a\n---\nkind: connection.aws\nname: b\n')).toEqual([
      [file, '', 'yaml.syntax'],
    ])
  })

  it('reports an alias without an anchor', () => {
    const { issues } = parse('kind: connection.aws\nname: a\nspec:\n  region: *region\n')
    expect(issues).toEqual([
      {
        file,
        path: '',
        code: 'yaml.syntax',
        message: 'line 4, column 11: the alias *region names no anchor',
      },
    ])
  })

  it('refuses an alias bomb without throwing', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 8; i++)
      rows.push(
        `${'bcdefgh'[i - 1]}: &${'bcdefgh'[i - 1]} [${Array(9)
          .fill(`*${'abcdefg'[i - 1]}`)
          .join(', ')}]`,
      )
    const { asset, issues } = parse(`kind: connection.aws\nname: a\nspec:\n  ${rows.join('\n  ')}\n`)
    expect(asset).toBeUndefined()
    expect(issues.map((i) => i.code)).toEqual(['yaml.syntax'])
  })

  it.each([
    ['a list', '- kind: connection.aws\n  name: a\n', /top level is a list/],
    ['a scalar', 'just text\n', /top level is "just text", not a mapping/],
    ['an empty file', '', /file is empty/],
    ['only a comment', '# nothing here\n', /file is empty/],
  ])('reports %s at the top level as yaml.not-object', (_title, text, message) => {
    const { asset, issues } = parse(text)
    expect(asset).toBeUndefined()
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ file, path: '', code: 'yaml.not-object' })
    expect(issues[0]?.message).toMatch(message)
  })

  it('reports an unknown kind at /kind', () => {
    expect(found('kind: connection.gcp\nname: a\nspec: {}\n')).toEqual([
      [file, '/kind', 'asset.unknown-kind'],
    ])
  })

  it.each([['../escape'], ['with space'], ['a/b']])('reports the name %j at /name', (name) => {
    const { asset, issues } = parse(
      `kind: connection.aws\nname: ${JSON.stringify(name)}\nspec: { region: eu-west-1 }\n`,
    )
    expect(issues.map((i) => [i.file, i.path, i.code])).toEqual([[file, '/name', 'schema.pattern']])
    expect(asset?.name).toBe(name)
  })

  it('returns the asset when only its spec is wrong', () => {
    const { asset, issues } = parse('kind: connection.aws\nname: a\nspec:\n  region: 12\n  timeoutMs: 5\n')
    expect(asset?.name).toBe('a')
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['/spec/region', 'schema.type'],
      ['/spec/timeoutMs', 'schema.range'],
    ])
  })

  it('reports a YAML warning and still validates', () => {
    const { asset, issues } = parse('kind: connection.aws\nname: a\nspec:\n  region: !custom eu-west-1\n')
    expect(asset?.spec).toMatchObject({ region: 'eu-west-1' })
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ file, path: '', code: 'yaml.syntax' })
    expect(issues[0]?.message).toMatch(/^line 4, column 11: .*!custom/)
  })

  it('leaves file out of issues when no file is given', () => {
    const { issues } = parseAssetYaml(builtinRegistry, '[1]')
    expect(issues).toEqual([expect.not.objectContaining({ file: expect.anything() })])
  })
})
