import { join } from 'node:path'
import { type Static, Type } from 'typebox'
import { readJsonFile, writeJsonFile } from '../store/json-file.ts'
import { createSerialQueue } from '../store/serial.ts'

const DeploymentRecord = Type.Object({
  /** The version nodes run; absent when the deployment is not active. */
  active: Type.Optional(Type.Integer()),
  /** Versions activated before, most recent last, for rollback. */
  history: Type.Array(Type.Integer()),
  /** Workflows an operator stopped; they stay stopped across activations until started. */
  stopped: Type.Array(Type.String()),
})
export type DeploymentRecord = Static<typeof DeploymentRecord>

const Lease = Type.Object({ nodeId: Type.String(), expiresAt: Type.String() })
export type Lease = Static<typeof Lease>

const StateFile = Type.Object({
  deployments: Type.Record(Type.String(), DeploymentRecord),
  /** Singleton leases by `<deployment>/<workflow>`. */
  leases: Type.Record(Type.String(), Lease),
})

/** Which deployment versions are active, stopped workflows and singleton leases: `cluster/state.json`. */
export class DeploymentState {
  readonly #path: string
  readonly #queue = createSerialQueue()
  readonly deployments: Map<string, DeploymentRecord>
  readonly leases: Map<string, Lease>

  private constructor(path: string, file: Static<typeof StateFile>) {
    this.#path = path
    this.deployments = new Map(Object.entries(file.deployments))
    this.leases = new Map(Object.entries(file.leases))
  }

  static async open(dataDir: string): Promise<DeploymentState> {
    const path = join(dataDir, 'cluster', 'state.json')
    return new DeploymentState(path, await readJsonFile(path, StateFile, { deployments: {}, leases: {} }))
  }

  record(name: string): DeploymentRecord {
    return this.deployments.get(name) ?? { history: [], stopped: [] }
  }

  set(name: string, record: DeploymentRecord): Promise<void> {
    this.deployments.set(name, record)
    return this.save()
  }

  save(): Promise<void> {
    return this.#queue.run(() =>
      writeJsonFile(this.#path, {
        deployments: Object.fromEntries(this.deployments),
        leases: Object.fromEntries(this.leases),
      }),
    )
  }
}
