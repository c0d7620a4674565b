import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../packages/engine/src/system/children.ts'

/** The version a workspace package pins for `dependency` (dependencies or devDependencies). */
export function pinned(pkg: string, dependency: string): string {
  const manifest: unknown = JSON.parse(readFileSync(join(ROOT, pkg, 'package.json'), 'utf8'))
  for (const field of ['dependencies', 'devDependencies']) {
    const deps: unknown =
      typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, field) : undefined
    const version: unknown =
      typeof deps === 'object' && deps !== null ? Reflect.get(deps, dependency) : undefined
    if (typeof version === 'string') return version
  }
  throw new Error(`${pkg}/package.json does not pin ${dependency}`)
}

/** The versions that matter to the numbers of `pnpm bench`, as one line. */
export function versionsLine(): string {
  return [
    ['packages/engine', 'rxjs'],
    ['packages/engine', 'jsonata'],
    ['packages/engine', '@aws-sdk/client-sqs'],
    ['packages/engine', '@aws-sdk/client-kinesis'],
    ['packages/engine', '@aws-sdk/client-s3'],
    ['packages/config-server', 'fastify'],
    ['packages/aws-local', 'fauxqs'],
    ['packages/aws-local', 'kinesalite'],
    ['bench', 'node-red'],
  ]
    .map(([pkg = '', dependency = '']) => `${dependency} ${pinned(pkg, dependency)}`)
    .join(', ')
}
