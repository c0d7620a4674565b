import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createLogger, startServer } from '@sluice/config-server'

export const ADMIN_PASSWORD = 'e2e-admin-password-0001'

/** The editor build the server serves; `pnpm build:editor` makes it before the browser tests run. */
export const EDITOR_DIST = join(import.meta.dirname, '..', '..', 'dist')

export interface TestServer {
  url: string
  projectDir: string
  dataDir: string
  close(): Promise<void>
}

/**
 * A real config server on 127.0.0.1, on a free port, over a temporary copy of a project (extra
 * files written into it first) and a fresh data directory, watching the project for edits on disk
 * and serving the editor build.
 */
export async function startTestServer(
  options: { project?: string; files?: Record<string, string> } = {},
): Promise<TestServer> {
  const root = await mkdtemp(join(tmpdir(), 'sluice-editor-e2e-'))
  const projectDir = join(root, 'project')
  const dataDir = join(root, 'data')
  if (options.project) await cp(options.project, projectDir, { recursive: true })
  else await mkdir(projectDir, { recursive: true })
  for (const [file, text] of Object.entries(options.files ?? {})) {
    await mkdir(dirname(join(projectDir, file)), { recursive: true })
    await writeFile(join(projectDir, file), text)
  }
  const server = await startServer({
    projectDir,
    dataDir,
    host: '127.0.0.1',
    port: 0,
    logger: createLogger({ level: 'warn' }),
    editorDir: EDITOR_DIST,
    auth: { adminPassword: ADMIN_PASSWORD, passwordCost: 1024 },
    cluster: { heartbeatIntervalMs: 1000 },
  })
  return {
    url: server.url,
    projectDir,
    dataDir,
    async close() {
      await server.close()
      await rm(root, { recursive: true, force: true })
    },
  }
}
