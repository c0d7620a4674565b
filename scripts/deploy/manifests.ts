import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'

/** The Kubernetes manifests of `deploy/kubernetes`. */
export const KUBERNETES_DIR = join(import.meta.dirname, '..', '..', 'deploy', 'kubernetes')

/** One Kubernetes object, with the file it came from. */
export interface K8sObject {
  file: string
  kind: string
  name: string
  namespace: string | undefined
  body: unknown
}

/** The value at `path` inside `value` (object keys and array indexes), or undefined. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let here = value
  for (const step of path) {
    if (typeof here !== 'object' || here === null) return undefined
    here = Reflect.get(here, step)
  }
  return here
}

/** The list at `path`, or an empty one. */
export function listAt(value: unknown, ...path: (string | number)[]): unknown[] {
  const found = at(value, ...path)
  return Array.isArray(found) ? found : []
}

/** The string at `path`, or undefined. */
export function stringAt(value: unknown, ...path: (string | number)[]): string | undefined {
  const found = at(value, ...path)
  return typeof found === 'string' ? found : undefined
}

/** The string-valued entries of the object at `path` (labels, selectors, annotations). */
export function stringMap(value: unknown, ...path: (string | number)[]): Record<string, string> {
  const found = at(value, ...path)
  if (typeof found !== 'object' || found === null) return {}
  return Object.fromEntries(
    Object.entries(found).filter((e): e is [string, string] => typeof e[1] === 'string'),
  )
}

/** Every object of every `*.yaml` file in `dir` but the kustomization, and the YAML errors met. */
export async function loadManifests(
  dir = KUBERNETES_DIR,
): Promise<{ objects: K8sObject[]; errors: string[] }> {
  const objects: K8sObject[] = []
  const errors: string[] = []
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort()
  for (const file of files) {
    for (const doc of parseAllDocuments(await readFile(join(dir, file), 'utf8'))) {
      for (const error of doc.errors) errors.push(`${file}: ${error.message}`)
      const body: unknown = doc.toJS()
      if (body === null || body === undefined) continue
      objects.push({
        file,
        kind: stringAt(body, 'kind') ?? '',
        name: stringAt(body, 'metadata', 'name') ?? '',
        namespace: stringAt(body, 'metadata', 'namespace'),
        body,
      })
    }
  }
  return { objects, errors }
}

/** The containers (init containers too) of a Deployment's pod template. */
export function containersOf(deployment: K8sObject): unknown[] {
  const spec = at(deployment.body, 'spec', 'template', 'spec')
  return [...listAt(spec, 'initContainers'), ...listAt(spec, 'containers')]
}

/** A container's arguments with each `$(VAR)` replaced by the value of its env entry `VAR`. */
export function expandedArgs(container: unknown, fieldValues: Record<string, string> = {}): string[] {
  const env = new Map<string, string>()
  for (const entry of listAt(container, 'env')) {
    const name = stringAt(entry, 'name')
    const value =
      stringAt(entry, 'value') ?? fieldValues[stringAt(entry, 'valueFrom', 'fieldRef', 'fieldPath') ?? '']
    if (name !== undefined && value !== undefined) env.set(name, value)
  }
  return listAt(container, 'args').map((arg) =>
    String(arg).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env.get(name) ?? whole),
  )
}

/** The value of `--flag` in an argument list. */
export function flag(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? undefined : args[index + 1]
}
