import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { builtinRegistry } from '../kinds/builtin.ts'
import { loadProject, type ProjectDirEntry, type ProjectFs } from './load-project.ts'

const connection = (name: string, region = 'eu-west-1') =>
  `kind: connection.aws\nname: ${name}\nspec:\n  region: ${region}\n`

let dir = ''
const write = async (file: string, text: string) => {
  const path = join(dir, ...file.split('/'))
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, text)
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-project-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('loadProject', () => {
  it('loads the good files and reports every problem', async () => {
    await write('connections/aws-prod.yaml', connection('aws-prod'))
    await write('connections/broken.yaml', 'kind: connection.aws\nname: broken\nspec: [oops\n')
    await write('connections/zz-copy.yml', connection('aws-prod', 'us-east-1'))
    await write('connections/wrong-name.yaml', connection('aws-dev'))
    await write('connections/bad-spec.yaml', 'kind: connection.aws\nname: bad-spec\nspec:\n  region: 12\n')
    await write('top.yaml', '- a list\n')
    const { assets, issues } = await loadProject(builtinRegistry, dir)
    expect(assets.map((a) => [a.name, a.file])).toEqual([
      ['aws-prod', 'connections/aws-prod.yaml'],
      ['bad-spec', 'connections/bad-spec.yaml'],
      ['aws-dev', 'connections/wrong-name.yaml'],
    ])
    expect(assets[0]?.spec).toMatchObject({ region: 'eu-west-1' })
    expect(issues.map((i) => [i.file, i.path, i.code])).toEqual([
      ['connections/bad-spec.yaml', '/spec/region', 'schema.type'],
      ['connections/broken.yaml', '', 'yaml.syntax'],
      ['connections/wrong-name.yaml', '/name', 'asset.file-name-mismatch'],
      ['connections/zz-copy.yml', '/name', 'asset.duplicate-name'],
      ['top.yaml', '', 'yaml.not-object'],
    ])
    expect(issues[1]?.message).toMatch(/^line \d+, column \d+: /)
    expect(issues[2]?.message).toBe(
      'the file is named "wrong-name" but holds the asset "aws-dev"; rename it to connections/aws-dev.yaml',
    )
    expect(issues[3]?.message).toBe(
      'connection.aws "aws-prod" is already defined in connections/aws-prod.yaml; names are unique per kind',
    )
  })

  it('skips hidden folders, node_modules and other files, and reads nested folders', async () => {
    await write('.git/config.yaml', connection('git'))
    await write('node_modules/pkg/x.yaml', connection('x'))
    await write('.hidden.yaml', connection('hidden'))
    await write('README.md', '# not yaml')
    await write(
      'resources/environments/prod.yaml',
      'kind: resource.environment\nname: prod\nspec:\n  variables: { A: b }\n',
    )
    await write('connections/prod.yaml', connection('prod'))
    const { assets, issues } = await loadProject(builtinRegistry, `${dir}/`)
    expect(assets.map((a) => a.file)).toEqual(['connections/prod.yaml', 'resources/environments/prod.yaml'])
    expect(issues).toEqual([])
  })

  it('leaves an asset with an unusable name out', async () => {
    await write('bad.yaml', 'kind: connection.aws\nname: ../bad\nspec: { region: eu-west-1 }\n')
    await write('unknown.yaml', 'kind: connection.gcp\nname: unknown\nspec: {}\n')
    const { assets, issues } = await loadProject(builtinRegistry, dir)
    expect(assets).toEqual([])
    expect(issues.map((i) => [i.file, i.path, i.code])).toEqual([
      ['bad.yaml', '/name', 'schema.pattern'],
      ['unknown.yaml', '/kind', 'asset.unknown-kind'],
    ])
  })

  it('rejects when the project folder itself cannot be read', async () => {
    await expect(loadProject(builtinRegistry, join(dir, 'missing'))).rejects.toThrow(/ENOENT/)
  })
})

describe('loadProject with an injected file system', () => {
  const entry = (name: string, directory = false): ProjectDirEntry => ({
    name,
    isDirectory: () => directory,
    isFile: () => !directory,
  })
  const files: Record<string, string> = {
    '/p/b.yaml': connection('b'),
    '/p/a.yaml': connection('a'),
  }
  const fs: ProjectFs = {
    readdir: async (path) => {
      if (path === '/p') return [entry('b.yaml'), entry('locked', true), entry('gone.yaml'), entry('a.yaml')]
      throw new Error(`EACCES: permission denied, scandir '${path}'`)
    },
    readFile: async (path) => {
      const text = files[path]
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`)
      return text
    },
  }

  it('reads in name order and reports what it cannot read', async () => {
    const { assets, issues } = await loadProject(builtinRegistry, '/p', fs)
    expect(assets.map((a) => a.file)).toEqual(['a.yaml', 'b.yaml'])
    expect(issues).toEqual([
      {
        file: 'locked',
        path: '',
        code: 'yaml.syntax',
        message: "the folder cannot be read: EACCES: permission denied, scandir '/p/locked'",
      },
      {
        file: 'gone.yaml',
        path: '',
        code: 'yaml.syntax',
        message: "the file cannot be read: ENOENT: no such file, open '/p/gone.yaml'",
      },
    ])
  })
})
