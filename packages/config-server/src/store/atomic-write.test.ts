import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { builtinRegistry, loadProject } from '@sluice/assets'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { versionText } from '../test-support/crash-texts.ts'
import { isTempFile, removeStaleTempFiles, writeFileAtomic } from './atomic-write.ts'

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..')
const writer = join(import.meta.dirname, '..', 'test-support', 'crash-writer.ts')
const FILES = 4

async function runAndKill(dir: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, String(FILES)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the writer never became ready')), 60_000)
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.on('exit', (code) => reject(new Error(`the writer exited early with ${code}`)))
  })
  await new Promise((resolve) => setTimeout(resolve, delayMs))
  const exited = new Promise((resolve) => child.on('exit', resolve))
  child.kill('SIGKILL')
  await exited
}

describe('writeFileAtomic', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-atomic-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('replaces a file and leaves no temporary file behind', async () => {
    const path = join(dir, 'one.yaml')
    await writeFile(path, 'old\n')
    await writeFileAtomic(path, 'new\n')
    expect(await readFile(path, 'utf8')).toBe('new\n')
    expect((await readdir(dir)).filter(isTempFile)).toEqual([])
  })

  it('refuses to replace an existing file when exclusive', async () => {
    const path = join(dir, 'two.yaml')
    await writeFile(path, 'first\n')
    await expect(writeFileAtomic(path, 'second\n', { exclusive: true })).rejects.toMatchObject({
      code: 'EEXIST',
    })
    expect(await readFile(path, 'utf8')).toBe('first\n')
    expect((await readdir(dir)).filter(isTempFile)).toEqual([])
  })

  it('leaves every file old or new when the writing process is killed mid-write', async () => {
    const project = await mkdtemp(join(tmpdir(), 'sluice-crash-'))
    let interrupted = 0
    try {
      for (const delayMs of [0, 7, 23, 61, 150]) {
        await runAndKill(project, delayMs)
        const loaded = await loadProject(builtinRegistry, project)
        expect(loaded.issues).toEqual([])
        expect(loaded.assets).toHaveLength(FILES)
        for (let file = 0; file < FILES; file += 1) {
          const text = await readFile(join(project, `env-${file}.yaml`), 'utf8')
          expect([versionText(file, 'a'), versionText(file, 'b')]).toContain(text)
        }
        interrupted += await removeStaleTempFiles(project)
        expect((await readdir(project)).filter(isTempFile)).toEqual([])
      }
      expect(interrupted).toBeGreaterThan(0)
    } finally {
      await rm(project, { recursive: true, force: true })
    }
  })
})
