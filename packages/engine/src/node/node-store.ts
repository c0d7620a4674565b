import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { Bundle, DesiredState, NAME_PATTERN } from '@sluice/assets'
import { Type } from 'typebox'
import Value from 'typebox/value'
import type { StateStore } from '../runtime/contracts.ts'
import { fileStateStore } from '../runtime/runner/state-store.ts'

/**
 * What an engine node keeps in its data directory, so that a restarted node resumes without the
 * config server: its stable id, the last desired state it received, the bundles that state names
 * and each workflow's checkpoints. Every write is atomic (temporary file, fsync, rename).
 */
export interface NodeStore {
  /** The node's id: `preferred` when given (and then kept), else the kept one, else a new one. */
  nodeId(preferred?: string): Promise<string>
  /** The last desired state saved, without its tests; undefined when none or unreadable. */
  loadDesired(): Promise<DesiredState | undefined>
  /**
   * Saves a desired state (without its tests) and forgets cached bundles it no longer names. A state
   * that differs from the last one saved only in lease expiry times is not written again.
   */
  saveDesired(desired: DesiredState): Promise<void>
  loadBundle(bundleId: string): Promise<Bundle | undefined>
  saveBundle(bundle: Bundle): Promise<void>
  /** The checkpoints of one workflow of one deployment, kept across versions and restarts. */
  stateStore(deployment: string, workflow: string): StateStore
}

const nameRegex = new RegExp(NAME_PATTERN)
const CachedDesired = Type.Object({ savedAt: Type.String(), desired: DesiredState })

function parsed(text: string | undefined): unknown {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** A new node id: the host name made safe, and a random suffix so replicas on one host differ. */
export function newNodeId(host: string = hostname()): string {
  const safe = host
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100)
  return `${safe || 'node'}-${randomBytes(3).toString('hex')}`
}

/**
 * The node store in `dir`: `node-id.state`, `desired.state`, `bundles/<id>.state` and
 * `state/<deployment>/<workflow>/` for checkpoints (all JSON or text, mode 0600).
 */
export function fileNodeStore(dir: string): NodeStore {
  const files = fileStateStore(dir)
  const bundles = fileStateStore(join(dir, 'bundles'))
  const bundleIds = (desired: DesiredState | undefined) =>
    new Set(desired?.assignments.map((a) => a.bundleId) ?? [])
  let saved: string | undefined
  const loadDesired = async (): Promise<DesiredState | undefined> => {
    const value = parsed(await files.get('desired'))
    return Value.Check(CachedDesired, value) ? value.desired : undefined
  }
  return {
    async nodeId(preferred) {
      if (preferred !== undefined) {
        if (!nameRegex.test(preferred))
          throw new RangeError(
            `"${preferred}" is not a node id: letters, digits, '-' and '_', starting with a letter or digit`,
          )
        if ((await files.get('node-id'))?.trim() !== preferred) await files.set('node-id', preferred)
        return preferred
      }
      const kept = (await files.get('node-id'))?.trim()
      if (kept !== undefined && nameRegex.test(kept)) return kept
      const made = newNodeId()
      await files.set('node-id', made)
      return made
    },
    loadDesired,
    async saveDesired(desired) {
      const digest = JSON.stringify([
        desired.generation,
        desired.assignments.map(({ leaseExpiresAt: _, ...a }) => a),
      ])
      if (digest === saved) return
      const before = bundleIds(await loadDesired())
      const kept: DesiredState = { ...desired, tests: [] }
      await files.set('desired', JSON.stringify({ savedAt: new Date().toISOString(), desired: kept }))
      const now = bundleIds(kept)
      for (const id of before) if (!now.has(id)) await bundles.delete(id)
      saved = digest
    },
    async loadBundle(bundleId) {
      const value = parsed(await bundles.get(bundleId))
      return Value.Check(Bundle, value) && value.id === bundleId ? value : undefined
    },
    async saveBundle(bundle) {
      await bundles.set(bundle.id, JSON.stringify(bundle))
    },
    stateStore: (deployment, workflow) => fileStateStore(join(dir, 'state', deployment, workflow)),
  }
}
