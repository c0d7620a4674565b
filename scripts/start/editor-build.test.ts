import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type EditorLayout, editorBuildState } from './editor-build.ts'

describe('whether pnpm start builds the editor', () => {
  let dir: string
  let layout: EditorLayout
  const at = (path: string, seconds: number) => utimes(path, seconds, seconds)

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-start-editor-'))
    await mkdir(join(dir, 'src', 'deep'), { recursive: true })
    await writeFile(join(dir, 'index.html'), '<html>')
    await writeFile(join(dir, 'src', 'deep', 'page.tsx'), 'export {}')
    await writeFile(join(dir, 'src', 'deep', 'page.test.tsx'), 'export {}')
    layout = {
      builtIndex: join(dir, 'dist', 'index.html'),
      inputs: [join(dir, 'index.html'), join(dir, 'src')],
    }
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('builds when there is no build, or a source is newer than it; tests do not count', async () => {
    expect(await editorBuildState(layout)).toEqual({ state: 'missing' })
    await mkdir(join(dir, 'dist'))
    await writeFile(layout.builtIndex, '<html>')
    await at(join(dir, 'index.html'), 1_000)
    await at(join(dir, 'src', 'deep', 'page.tsx'), 1_000)
    await at(join(dir, 'src', 'deep', 'page.test.tsx'), 3_000)
    await at(layout.builtIndex, 2_000)
    expect(await editorBuildState(layout)).toEqual({ state: 'fresh' })
    await at(join(dir, 'src', 'deep', 'page.tsx'), 2_500)
    expect(await editorBuildState(layout)).toEqual({
      state: 'stale',
      newer: join(dir, 'src', 'deep', 'page.tsx'),
    })
  })
})
