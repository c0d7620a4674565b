import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseServerArgs } from '../../packages/config-server/src/cli/args.ts'
import { CLI_BUNDLE } from '../../packages/engine/src/build/bundle.ts'
import { ENGINE_NODE_FLAGS } from '../../packages/engine/src/build/node-flags.ts'
import { engineCommand } from '../../packages/engine/src/cli/engine.ts'
import {
  at,
  containersOf,
  expandedArgs,
  flag,
  type K8sObject,
  KUBERNETES_DIR,
  listAt,
  loadManifests,
  stringAt,
  stringMap,
} from './manifests.ts'

const ROOT = join(KUBERNETES_DIR, '..', '..')
const POD = { 'metadata.name': 'sluice-engine-sqs-5d8f7c9b4-x7k2p' }

/**
 * The Kubernetes manifests parse, and the fields that must agree do: names, labels and selectors,
 * ports and probes, every flag against the real CLIs, roles and cluster between labels and
 * arguments, and the secrets against the ones the README tells you to create. (No cluster here.)
 */
describe('deploy/kubernetes', () => {
  let objects: K8sObject[]
  let engines: K8sObject[]
  let server: K8sObject
  const one = (kind: string, name: string) => {
    const found = objects.find((o) => o.kind === kind && o.name === name)
    if (!found) throw new Error(`no ${kind} ${name}`)
    return found
  }
  const mainContainer = (o: K8sObject) => listAt(o.body, 'spec', 'template', 'spec', 'containers')[0]

  beforeAll(async () => {
    const loaded = await loadManifests()
    expect(loaded.errors).toEqual([])
    objects = loaded.objects
    engines = objects.filter((o) => o.kind === 'Deployment' && o.name.startsWith('sluice-engine-'))
    server = one('Deployment', 'sluice-config-server')
  })

  it('lists every manifest in the kustomization, all in the sluice namespace', async () => {
    const kustomization: unknown = parse(await readFile(join(KUBERNETES_DIR, 'kustomization.yaml'), 'utf8'))
    expect(listAt(kustomization, 'resources').sort()).toEqual([...new Set(objects.map((o) => o.file))].sort())
    for (const o of objects) {
      if (o.kind !== 'Namespace') expect(o.namespace, `${o.kind} ${o.name}`).toBe('sluice')
      expect(stringMap(o.body, 'metadata', 'labels')['app.kubernetes.io/part-of']).toBe('sluice')
    }
    expect(engines.map((e) => e.name).sort()).toEqual(['sluice-engine-s3', 'sluice-engine-sqs'])
  })

  it('selects the pods each Deployment and Service means, and only those', () => {
    const deployments = objects.filter((o) => o.kind === 'Deployment')
    for (const d of deployments) {
      const selector = stringMap(d.body, 'spec', 'selector', 'matchLabels')
      expect(stringMap(d.body, 'spec', 'template', 'metadata', 'labels')).toMatchObject(selector)
      const others = deployments.filter((o) => o !== d)
      for (const other of others) {
        const labels = stringMap(other.body, 'spec', 'template', 'metadata', 'labels')
        const overlaps = Object.entries(selector).every(([k, v]) => labels[k] === v)
        expect(overlaps, `${d.name} also selects the pods of ${other.name}`).toBe(false)
      }
    }
    const service = one('Service', 'sluice-config-server')
    expect(stringMap(server.body, 'spec', 'template', 'metadata', 'labels')).toMatchObject(
      stringMap(service.body, 'spec', 'selector'),
    )
    const portNames = listAt(mainContainer(server), 'ports').map((p) => stringAt(p, 'name'))
    for (const port of listAt(service.body, 'spec', 'ports'))
      expect(portNames).toContain(stringAt(port, 'targetPort'))
    const claim = stringAt(
      listAt(server.body, 'spec', 'template', 'spec', 'volumes').find(
        (v) => at(v, 'persistentVolumeClaim') !== undefined,
      ),
      'persistentVolumeClaim',
      'claimName',
    )
    expect(one('PersistentVolumeClaim', claim ?? '').kind).toBe('PersistentVolumeClaim')
  })

  it('runs the config server with flags its CLI accepts, listening where the Service and probes look', async () => {
    const container = mainContainer(server)
    const [script, ...args] = expandedArgs(container)
    await access(join(ROOT, script ?? 'none'))
    expect(script).toBe('packages/config-server/src/cli/main.ts')
    const parsed = parseServerArgs(args)
    if ('error' in parsed) throw new Error(parsed.error)
    expect(parsed).toMatchObject({ host: '0.0.0.0', port: 8080, secureCookies: true })
    const httpPort = listAt(container, 'ports').find((p) => stringAt(p, 'name') === 'http')
    expect(at(httpPort, 'containerPort')).toBe(parsed.port)
    for (const probe of ['readinessProbe', 'livenessProbe']) {
      expect(stringAt(container, probe, 'httpGet', 'path')).toBe('/api/health')
      expect(stringAt(container, probe, 'httpGet', 'port')).toBe('http')
    }
    expect(await readFile(join(ROOT, 'packages/config-server/src/routes/health.ts'), 'utf8')).toContain(
      "'/api/health'",
    )
    const mounts = listAt(container, 'volumeMounts').map((m) => stringAt(m, 'mountPath') ?? '')
    for (const dir of [parsed.project, parsed.data])
      expect(mounts.some((m) => dir.startsWith(`${m}/`))).toBe(true)
  })

  it('runs each engine node with flags its CLI accepts, its roles and cluster as its labels say', async () => {
    const help = (await engineCommand(['--help'])).stdout
    const service = one('Service', 'sluice-config-server')
    for (const engine of engines) {
      const container = mainContainer(engine)
      const [script, command, ...args] = expandedArgs(container, POD)
      expect(listAt(container, 'command')).toEqual(['node', ...ENGINE_NODE_FLAGS])
      expect(join(ROOT, script ?? 'none')).toBe(CLI_BUNDLE)
      expect(command).toBe('engine')
      for (const arg of args.filter((a) => a.startsWith('--'))) expect(help, arg).toContain(`${arg} `)
      expect(args.join(' ')).not.toMatch(/\$\(/)
      const labels = stringMap(engine.body, 'spec', 'template', 'metadata', 'labels')
      const roles = Object.keys(labels)
        .filter((k) => k.startsWith('role.sluice.io/') && labels[k] === 'true')
        .map((k) => k.slice('role.sluice.io/'.length))
      expect(flag(args, 'roles')?.split(',').sort()).toEqual(roles.sort())
      expect(flag(args, 'cluster')).toBe(labels['sluice.io/cluster'])
      expect(flag(args, 'node-id')).toBe(POD['metadata.name'])
      const serverUrl = new URL(flag(args, 'server') ?? '')
      expect(serverUrl.hostname).toBe(`${service.name}.${service.namespace}.svc`)
      expect(serverUrl.port).toBe(String(at(listAt(service.body, 'spec', 'ports')[0], 'port')))
      const metricsPort = flag(args, 'metrics-port')
      expect(flag(args, 'metrics-host')).toBe('0.0.0.0')
      const port = listAt(container, 'ports').find((p) => stringAt(p, 'name') === 'metrics')
      expect(String(at(port, 'containerPort'))).toBe(metricsPort)
      expect(
        stringMap(engine.body, 'spec', 'template', 'metadata', 'annotations')['prometheus.io/port'],
      ).toBe(metricsPort)
      for (const probe of ['readinessProbe', 'livenessProbe'])
        expect(at(container, probe, 'httpGet')).toEqual({ path: '/healthz', port: 'metrics' })
      const grace = Number(at(engine.body, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds'))
      expect(grace).toBeGreaterThan(Number(flag(args, 'drain-timeout')))
      const keyFile = flag(args, 'key') ?? ''
      const keyMount = listAt(container, 'volumeMounts').find((m) =>
        keyFile.startsWith(`${stringAt(m, 'mountPath')}/`),
      )
      const keyVolume = listAt(engine.body, 'spec', 'template', 'spec', 'volumes').find(
        (v) => stringAt(v, 'name') === stringAt(keyMount, 'name'),
      )
      expect(stringAt(keyVolume, 'secret', 'secretName')).toBe('sluice-cluster-key')
      expect(
        listAt(keyVolume, 'secret', 'items').map(
          (i) => `${stringAt(keyMount, 'mountPath')}/${stringAt(i, 'path')}`,
        ),
      ).toContain(keyFile)
    }
  })

  it('limits every container, runs none as root, and mounts a writable /tmp under a read-only root', () => {
    for (const d of objects.filter((o) => o.kind === 'Deployment')) {
      expect(at(d.body, 'spec', 'template', 'spec', 'securityContext', 'runAsNonRoot')).toBe(true)
      for (const container of containersOf(d)) {
        const name = `${d.name}/${stringAt(container, 'name')}`
        for (const part of ['requests', 'limits'])
          for (const resource of ['cpu', 'memory'])
            expect(at(container, 'resources', part, resource), `${name} ${part}.${resource}`).toBeDefined()
      }
      const main = mainContainer(d)
      expect(at(main, 'securityContext', 'readOnlyRootFilesystem')).toBe(true)
      expect(listAt(main, 'volumeMounts').map((m) => stringAt(m, 'mountPath'))).toContain('/tmp')
    }
  })

  it('uses exactly the secrets, and keys, that the README tells you to create', async () => {
    const readme = await readFile(join(KUBERNETES_DIR, 'README.md'), 'utf8')
    const created = new Set<string>()
    for (const command of readme.matchAll(/create secret generic (\S+)((?: \\\n|[^\n])*)/g)) {
      for (const key of (command[2] ?? '').matchAll(/--from-(?:literal|file)=([\w.-]+)=/g))
        created.add(`${command[1]}/${key[1]}`)
    }
    const used = new Set<string>()
    for (const d of objects.filter((o) => o.kind === 'Deployment')) {
      for (const container of containersOf(d))
        for (const entry of listAt(container, 'env')) {
          const ref = at(entry, 'valueFrom', 'secretKeyRef')
          if (ref !== undefined) used.add(`${stringAt(ref, 'name')}/${stringAt(ref, 'key')}`)
        }
      for (const volume of listAt(d.body, 'spec', 'template', 'spec', 'volumes'))
        for (const item of listAt(volume, 'secret', 'items'))
          used.add(`${stringAt(volume, 'secret', 'secretName')}/${stringAt(item, 'key')}`)
    }
    expect([...used].sort()).toEqual([...created].sort())
    expect([...used].sort()).toEqual([
      'sluice-admin/password',
      'sluice-cluster-key/cluster.key',
      'sluice-node-token/token',
    ])
  })

  it('builds one image holding what the manifests run: the server under tsx, the bundled engine CLI', async () => {
    const dockerfile = await readFile(join(KUBERNETES_DIR, 'Dockerfile'), 'utf8')
    expect(dockerfile).toContain('ENTRYPOINT ["node", "--import", "tsx"]')
    expect(dockerfile).toMatch(/^RUN .*pnpm build:engine/m)
    const images = new Set(
      objects.flatMap((o) =>
        o.kind === 'Deployment' ? containersOf(o).map((c) => stringAt(c, 'image')) : [],
      ),
    )
    expect([...images]).toEqual(['sluice:0.1.0'])
    expect(dockerfile).toContain('docker build -f deploy/kubernetes/Dockerfile -t sluice:0.1.0 .')
  })

  it("runs the bundled CLI in the README's server command with the flags engine nodes use", async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
    const commands = readme.split('\n').filter((line) => /^node .*sluice\.mjs/.test(line))
    expect(commands.length).toBeGreaterThan(0)
    for (const command of commands)
      expect(command).toMatch(
        new RegExp(`^node ${ENGINE_NODE_FLAGS.join(' ')} packages/engine/dist/sluice\\.mjs `),
      )
  })
})
