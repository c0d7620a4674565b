import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { anchorsOf, brokenLinks, slugOf } from './links.ts'
import { docFiles, REPO } from './sandbox.ts'

describe('links in the docs', () => {
  it('make the anchors GitHub makes', () => {
    expect(slugOf('Commands in these pages are tested')).toBe('commands-in-these-pages-are-tested')
    expect(slugOf('`env:` allowlist')).toBe('env-allowlist')
    expect(slugOf('Settings of `pnpm start`')).toBe('settings-of-pnpm-start')
    expect([...anchorsOf('# A\n```sh\n# not a heading\n```\n## B c\n')]).toEqual(['a', 'b-c'])
  })

  it('finds links to missing files and headings, and leaves web links alone', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'sluice-links-'))
    try {
      await mkdir(join(repo, 'docs'))
      await writeFile(join(repo, 'docs', 'b.md'), '# Title\n## Part two\n')
      await writeFile(
        join(repo, 'docs', 'a.md'),
        '[ok](b.md#part-two) [web](https://example.com/x) [self](#here)\n# Here\n[gone](c.md) [no heading](b.md#part-three)\n',
      )
      expect(await brokenLinks(repo, 'docs/a.md')).toEqual([
        { file: 'docs/a.md', line: 3, message: 'link to c.md: docs/c.md does not exist' },
        {
          file: 'docs/a.md',
          line: 3,
          message: 'link to b.md#part-three: docs/b.md has no heading #part-three',
        },
      ])
    } finally {
      await rm(repo, { recursive: true, force: true })
    }
  })

  it('of the README, docs/*.md and the deploy READMEs all lead somewhere', async () => {
    const files = [...(await docFiles()), 'docs/assets/README.md']
    const broken = (await Promise.all(files.map((f) => brokenLinks(REPO, f)))).flat()
    expect(broken).toEqual([])
  })
})
