import { DesiredState, type Heartbeat, type WorkflowStatus } from '@sluice/assets'
import Value from 'typebox/value'

/**
 * A client of the node protocol that registers as an engine node and heartbeats: for every
 * workflow the server assigns it, it reports `running` with counters that grow each beat and one
 * S3 object in progress. It stands in for the engine node process (not yet written) so the
 * operations view can be driven through the real server and its event stream.
 */
export interface ProtocolNode {
  /** Heartbeats sent so far. */
  beats(): number
  stop(): Promise<void>
}

const MAX_BEATS = 600

export async function startProtocolNode(options: {
  baseUrl: string
  token: string
  nodeId: string
  roles: string[]
  intervalMs: number
}): Promise<ProtocolNode> {
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' }
  const registered = await fetch(`${options.baseUrl}/api/cluster/nodes`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      nodeId: options.nodeId,
      cluster: 'default',
      roles: options.roles,
      version: '0.1.0-e2e',
      hostname: `${options.nodeId}.local`,
      keyFingerprints: [],
    }),
  })
  if (!registered.ok) throw new Error(`registration failed: ${registered.status} ${await registered.text()}`)
  const startedAt = new Date().toISOString()
  let desired: DesiredState = { generation: 0, assignments: [], tests: [] }
  let beats = 0
  let stopped = false
  const statusOf = (a: DesiredState['assignments'][number]): WorkflowStatus => ({
    deployment: a.deployment,
    version: a.version,
    workflow: a.workflow,
    state: 'running',
    since: startedAt,
    metrics: {
      in: beats * 40,
      out: beats * 37,
      filtered: beats * 3,
      errors: Math.floor(beats / 10),
      retries: beats,
      inFlight: 12,
      batchFill: 0.8,
      latencyMs: { p50: 12, p99: 48 },
    },
    objects: [
      {
        bucket: 'e2e-inbox',
        key: 'invoices/2026-11.ndjson.gz',
        bytesRead: Math.min(beats * 400_000, 8_000_000),
        totalBytes: 8_000_000,
        records: beats * 1000,
      },
    ],
    recentErrors:
      beats >= 10
        ? [
            {
              at: new Date().toISOString(),
              code: 'sink.too-large',
              message: 'record of 1.2 MiB exceeds the Kinesis limit',
              node: 'e2e-clicks',
            },
          ]
        : [],
  })
  const beat = async () => {
    const body: Heartbeat = {
      generation: desired.generation,
      state: 'running',
      startedAt,
      workflows: desired.assignments.map(statusOf),
      testResults: [],
    }
    const answer = await fetch(`${options.baseUrl}/api/cluster/nodes/${options.nodeId}/heartbeat`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    })
    const next: unknown = answer.ok ? await answer.json() : undefined
    if (Value.Check(DesiredState, next)) desired = next
    beats += 1
  }
  const loop = (async () => {
    while (!stopped && beats < MAX_BEATS) {
      await beat().catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs))
    }
  })()
  return {
    beats: () => beats,
    async stop() {
      stopped = true
      await loop
    },
  }
}
