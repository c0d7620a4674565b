/**
 * Benchmark of the config server (a script, not a test): p50/p99 latency of asset reads and
 * writes on a generated 1,000-asset project, through `inject` and through real HTTP on 127.0.0.1.
 *
 *   pnpm bench:server [--reads 2000] [--writes 500]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { type Asset, assetToYaml, builtinRegistry, defaultFileFor } from '@sluice/assets'
import { buildApp } from '../src/app.ts'
import { FakeGateway } from '../src/probes/fake-gateway.ts'
import { openServices } from '../src/services/services.ts'

const { values } = parseArgs({ options: { reads: { type: 'string' }, writes: { type: 'string' } } })
const READS = Number(values.reads ?? '2000')
const WRITES = Number(values.writes ?? '500')
const SINKS = 400
const SOURCES = 300
const WORKFLOWS = 298

function asset(kind: string, name: string, spec: unknown): Asset {
  return { kind, name, requiredRoles: [], spec }
}

function project(): Asset[] {
  const assets: Asset[] = [
    asset('connection.aws', 'bench-aws', { region: 'eu-central-1', auth: { mode: 'defaultChain' } }),
    asset('resource.environment', 'bench', { variables: { PREFIX: 'bench' } }),
  ]
  for (let i = 0; i < SINKS; i += 1)
    assets.push(asset('sink.sqs', `sink-${i}`, { connection: 'bench-aws', queue: `\${lay:PREFIX}-out-${i}` }))
  for (let i = 0; i < SOURCES; i += 1)
    assets.push(asset('source.sqs', `source-${i}`, { connection: 'bench-aws', queue: `bench-in-${i}` }))
  for (let i = 0; i < WORKFLOWS; i += 1)
    assets.push(
      asset('workflow', `flow-${i}`, {
        nodes: [
          { id: 'in', type: 'source', asset: `source-${i % SOURCES}` },
          { id: 'out', type: 'sink', asset: `sink-${i % SINKS}` },
        ],
        links: [{ from: 'in', to: 'out' }],
      }),
    )
  return assets
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const total = samples.reduce((a, b) => a + b, 0)
  const cells = [percentile(sorted, 50), percentile(sorted, 99), total / samples.length].map((v) =>
    v.toFixed(2).padStart(8),
  )
  return `${label.padEnd(34)} ${cells.join(' ')} ${String(samples.length).padStart(7)} ${(samples.length / (total / 1000)).toFixed(0).padStart(8)}/s`
}

async function time(count: number, run: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < count; i += 1) {
    const started = performance.now()
    await run(i)
    samples.push(performance.now() - started)
  }
  return samples
}

const root = await mkdtemp(join(tmpdir(), 'sluice-bench-'))
try {
  const projectDir = join(root, 'project')
  for (const a of project()) {
    const file = join(projectDir, defaultFileFor(a, builtinRegistry) ?? `${a.name}.yaml`)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, assetToYaml(builtinRegistry, a))
  }
  const opening = performance.now()
  const services = await openServices({
    projectDir,
    dataDir: join(root, 'data'),
    aws: new FakeGateway(),
    auth: { adminPassword: 'bench-admin-password', passwordCost: 1024 },
  })
  const openMs = performance.now() - opening
  const app = await buildApp({ services })
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: 'bench-admin-password' },
  })
  const cookie = login.cookies.find((c) => c.name === 'sluice_session')?.value ?? ''
  const headers = {
    cookie: `sluice_session=${cookie}`,
    'x-csrf-token': String(JSON.parse(login.body).csrfToken),
  }
  const versions = new Map<number, string>()
  const readUrl = (i: number) => `/api/assets/sink.sqs/sink-${(i * 7919) % SINKS}`
  const writeBody = (i: number) =>
    JSON.stringify({
      spec: { connection: 'bench-aws', queue: `\${lay:PREFIX}-out-${i}`, delaySeconds: i % 2 },
    })

  const injected = {
    read: async (i: number) => {
      const response = await app.inject({ method: 'GET', url: readUrl(i), headers })
      if (response.statusCode !== 200) throw new Error(`read: ${response.statusCode}`)
    },
    write: async (i: number) => {
      const target = i % 50
      const response = await app.inject({
        method: 'PUT',
        url: `/api/assets/sink.sqs/sink-${target}`,
        headers: { ...headers, 'content-type': 'application/json', 'if-match': versions.get(target) ?? '*' },
        payload: writeBody(i),
      })
      if (response.statusCode !== 200) throw new Error(`write: ${response.statusCode} ${response.body}`)
      versions.set(target, String(response.headers.etag))
    },
  }
  const lines = [
    `${'operation'.padEnd(34)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'mean ms'.padStart(8)} ${'count'.padStart(7)} ${'rate'.padStart(10)}`,
  ]
  await time(200, injected.read)
  lines.push(summary('inject  GET one asset', await time(READS, injected.read)))
  lines.push(summary('inject  PUT one asset (If-Match)', await time(WRITES, injected.write)))
  lines.push(
    summary(
      'inject  GET all 1,000 assets',
      await time(50, async () => {
        await app.inject({ method: 'GET', url: '/api/assets', headers })
      }),
    ),
  )

  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const http = {
    read: async (i: number) => {
      const response = await fetch(`${base}${readUrl(i)}`, { headers })
      await response.arrayBuffer()
      if (response.status !== 200) throw new Error(`read: ${response.status}`)
    },
    write: async (i: number) => {
      const target = i % 50
      const response = await fetch(`${base}/api/assets/sink.sqs/sink-${target}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json', 'if-match': versions.get(target) ?? '*' },
        body: writeBody(i + 1),
      })
      const text = await response.text()
      if (response.status !== 200) throw new Error(`write: ${response.status} ${text}`)
      versions.set(target, response.headers.get('etag') ?? '*')
    },
  }
  await time(200, http.read)
  lines.push(summary('http    GET one asset', await time(READS, http.read)))
  lines.push(summary('http    PUT one asset (If-Match)', await time(WRITES, http.write)))

  console.log(`config server benchmark: ${project().length} assets, Node ${process.version}`)
  console.log(`opening the project (scan, parse, validate): ${openMs.toFixed(0)} ms\n`)
  console.log(lines.join('\n'))
  await app.close()
  await services.close()
} finally {
  await rm(root, { recursive: true, force: true })
}
