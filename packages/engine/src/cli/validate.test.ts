import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './run.ts'

const demo = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'demo')
const run = promisify(execFile)

describe('sluice validate', () => {
  let broken: string

  beforeAll(async () => {
    broken = await mkdtemp(join(tmpdir(), 'sluice-faults-'))
    await cp(demo, broken, { recursive: true })
    const edit = async (file: string, from: string | RegExp, to: string) => {
      const path = join(broken, file)
      const text = await readFile(path, 'utf8')
      const next = text.replace(from, to)
      if (next === text) throw new Error(`fault not injected into ${file}: ${String(from)}`)
      await writeFile(path, next)
    }
    await writeFile(join(broken, 'broken.yaml'), 'kind: sink.sqs\nname: [unclosed\n')
    await writeFile(join(broken, 'ftp.yaml'), 'kind: sink.ftp\nname: ftp\nspec: {}\n')
    await edit('sources/orders-queue.yaml', 'maxInFlight: 500', 'maxInFlight: lots')
    await edit('sources/orders-queue.yaml', 'pollers: 2', 'pollers: 2\n  waitTimeSeconds: 25')
    await writeFile(join(broken, 'spaced.yaml'), 'kind: resource.environment\nname: my env\nspec: {}\n')
    await writeFile(join(broken, 'escape.yaml'), 'kind: resource.environment\nname: ../escape\nspec: {}\n')
    await edit('workflows/invoices-archive.yaml', 'asset: archive-bucket', 'asset: archive-bucket-missing')
    await edit('sinks/order-bus.yaml', 'source: com.example.orders', 'source: ${foo:ORDERS}')
    await edit(
      'sinks/audit-queue.yaml',
      'queue: ${lay:AUDIT_QUEUE}',
      'queue: ${lay:AUDIT_QUEUE}\n  messageGroupId: g',
    )
    await edit('sinks/order-stream.yaml', '${lay:ORDER_STREAM}', '${lay:NO_SUCH_STREAM}')
    await edit(
      'workflows/orders-fanout.yaml',
      '- { from: by-size.default, to: audit }',
      '- { from: by-size.default, to: total }',
    )
  })
  afterAll(() => rm(broken, { recursive: true, force: true }))

  it('passes the demo project', async () => {
    const result = await runCli(['validate', demo])
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe('13 assets, 0 issues\n')
    expect(result.code).toBe(0)
  })

  it('reports every injected fault with its file, path and code', async () => {
    const result = await runCli(['validate', broken, '--json'])
    expect(result.code).toBe(1)
    const report: { issues: { file?: string; path: string; code: string; message: string }[] } = JSON.parse(
      result.stdout,
    )
    const found = report.issues.map((i) => `${i.file}: ${i.path}: ${i.code}`)
    const expected = [
      'broken.yaml: : yaml.syntax',
      'ftp.yaml: /kind: asset.unknown-kind',
      'sources/orders-queue.yaml: /spec/maxInFlight: schema.type',
      'sources/orders-queue.yaml: /spec/waitTimeSeconds: schema.range',
      'spaced.yaml: /name: schema.pattern',
      'escape.yaml: /name: schema.pattern',
      'workflows/invoices-archive.yaml: /spec/nodes/2/asset: ref.missing',
      'sinks/order-bus.yaml: /spec/source: macro.unknown-prefix',
      'sinks/audit-queue.yaml: /spec/messageGroupId: rule.violation',
      'sinks/order-stream.yaml: /spec/stream: macro.missing',
      'workflows/orders-fanout.yaml: /spec/links: graph.cycle',
    ]
    for (const line of expected) expect(found, line).toContain(line)
    expect(report.issues.every((i) => i.message.length > 10)).toBe(true)
  })

  it('prints file: path: code: message lines and exits non-zero from the real command', async () => {
    const error: unknown = await run('npx', [
      'tsx',
      join(import.meta.dirname, 'main.ts'),
      'validate',
      broken,
    ]).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 1 })
    const stdout =
      typeof error === 'object' && error !== null && 'stdout' in error ? String(error.stdout) : ''
    expect(stdout).toMatch(/^ftp\.yaml: \/kind: asset\.unknown-kind: unknown kind "sink\.ftp"/m)
  })

  it('refuses a missing directory with a usage error', async () => {
    const result = await runCli(['validate', join(broken, 'nowhere')])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/cannot read the project directory/)
  })
})
