import { describe, expect, it } from 'vitest'
import { shellBlocks } from './blocks.ts'

const doc = [
  '# Title',
  '',
  '```sh',
  'echo plain',
  '```',
  '',
  '<!-- not-run: needs real AWS -->',
  '',
  '```sh',
  'aws s3 ls',
  '```',
  '<!-- run-until: listening -->',
  '```sh',
  'pnpm serve',
  '```',
  '<!-- serve-until: Sluice is running -->',
  '```sh',
  'pnpm start',
  '```',
  '```yaml',
  'a: 1',
  '```',
  '````markdown',
  '```sh',
  'echo inside another block',
  '```',
  '````',
].join('\n')

describe('shell blocks of a Markdown page', () => {
  it('finds each ```sh block with its line and the mode its marker gives', () => {
    const { blocks, problems } = shellBlocks('doc.md', doc)
    expect(problems).toEqual([])
    expect(blocks).toEqual([
      { file: 'doc.md', line: 3, code: 'echo plain', mode: { kind: 'run' } },
      { file: 'doc.md', line: 9, code: 'aws s3 ls', mode: { kind: 'not-run', reason: 'needs real AWS' } },
      { file: 'doc.md', line: 13, code: 'pnpm serve', mode: { kind: 'run-until', text: 'listening' } },
      {
        file: 'doc.md',
        line: 17,
        code: 'pnpm start',
        mode: { kind: 'serve-until', text: 'Sluice is running' },
      },
    ])
  })

  it('refuses shell blocks fenced otherwise, markers without a reason, and markers over no sh block', () => {
    const { blocks, problems } = shellBlocks(
      'bad.md',
      [
        '```bash',
        'rm -rf /',
        '```',
        '<!-- not-run: -->',
        '```sh',
        'true',
        '```',
        '<!-- not-run: stray -->',
        'Some text.',
        '<!-- run: maybe -->',
        '```console',
        '$ ls',
        '```',
      ].join('\n'),
    )
    expect(blocks).toHaveLength(1)
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'a `bash` block: fence shell commands as `sh` so the docs check runs them'],
      [4, 'not-run needs a reason'],
      [8, 'a docs-check marker must sit just above a ```sh block'],
      [
        10,
        'unknown docs-check marker: use <!-- not-run: why -->, <!-- run-until: text --> or <!-- serve-until: text -->',
      ],
      [11, 'a `console` block: fence shell commands as `sh` so the docs check runs them'],
    ])
  })
})
