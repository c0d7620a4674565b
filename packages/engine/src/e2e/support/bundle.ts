import type { Bundle } from '@sluice/assets'
import type { LocalAws } from '@sluice/aws-local'
import { fixtureBundle } from '../../testing/fixture.ts'

/** The local stack's endpoints, by the names a `connection.aws` spec gives them. */
export type Endpoints = LocalAws['endpoints']

/** One asset of a test bundle. */
export interface TestAsset {
  readonly kind: string
  readonly name: string
  readonly spec: Record<string, unknown>
}

/** Where a test's AWS is: the local stack, or emulators a benchmark started itself. */
export type Stack = Pick<LocalAws, 'region' | 'account' | 'credentials' | 'endpoints'>

/** A `connection.aws` asset named `name` on the stack's endpoints (some replaced), signing with its keys. */
export function connection(name: string, aws: Stack, endpoints: Partial<Endpoints> = {}): TestAsset {
  return {
    kind: 'connection.aws',
    name,
    spec: {
      region: aws.region,
      accountId: aws.account,
      auth: { mode: 'accessKey', ...aws.credentials },
      endpoints: { ...aws.endpoints, ...endpoints },
      s3ForcePathStyle: true,
    },
  }
}

/** A bundle with the workflow `fixture` and the assets it uses, as `sluice run` would load it. */
export function testBundle(workflow: object, assets: readonly TestAsset[]): Bundle {
  return fixtureBundle('fixture', workflow, {
    assets: assets.map((asset) => ({ ...asset, requiredRoles: [] })),
  })
}

/** The nodes and links of a workflow from one source through nothing but links to its sinks. */
export function straight(source: string, sinks: readonly string[], errorSink?: string): object {
  return {
    nodes: [
      { id: 'in', type: 'source', asset: source },
      ...sinks.map((asset) => ({ id: asset, type: 'sink', asset })),
    ],
    links: sinks.filter((sink) => sink !== errorSink).map((sink) => ({ from: 'in', to: sink })),
    ...(errorSink === undefined ? {} : { errorSink }),
  }
}

/**
 * A `source.sqs` asset on connection `local` that long-polls for a second; `spec` adds to or
 * replaces its fields (`bodyFormat`, `maxInFlight`…).
 */
export function queueSource(name: string, queue: string, spec: object = {}): TestAsset {
  return { kind: 'source.sqs', name, spec: { connection: 'local', queue, waitTimeSeconds: 1, ...spec } }
}

/** Source fields that make a message lost to a crash or a fault visible again within seconds. */
export const SHORT_VISIBILITY = {
  visibilityTimeoutSeconds: 5,
  heartbeat: { intervalSeconds: 2, extensionSeconds: 30 },
} as const
