import { readFile } from 'node:fs/promises'
import { waitFor } from '../../packages/engine/src/system/children.ts'
import { AdminApi, reported } from '../../packages/engine/src/system/config-server.ts'

/** The engine node `pnpm start` runs, as the server should see it. */
export const NODE = { id: 'local-1', cluster: 'default', roles: ['s3', 'sqs'] } as const

/** The demo deployment and the workflows it runs. */
export const DEPLOYMENT = { name: 'demo', workflows: ['orders-fanout', 'invoices-archive'] } as const

/** Signs in as admin; a refused password gets a message that says what to do. */
export async function signIn(url: string, password: string, passwordFrom: string): Promise<AdminApi> {
  try {
    return await AdminApi.login(url, password, 'pnpm start')
  } catch (error) {
    throw new Error(
      `cannot sign in as admin with the password from ${passwordFrom} (${error instanceof Error ? error.message : String(error)}).\n` +
        'If you changed the admin password in the editor, run with SLUICE_ADMIN_PASSWORD=<it>; ' +
        'to start afresh, delete the data directory.',
    )
  }
}

/**
 * Registers the demo cluster's public key (idempotent) and makes a node token for this run; the
 * token is revoked when `pnpm start` stops, so tokens do not pile up. A node stays bound to the
 * token it registered with, so the node of an earlier run is forgotten first (it registers again
 * at once, with the same id and data directory).
 */
export async function prepareCluster(
  admin: AdminApi,
  publicKeyFile: string,
): Promise<{ token: string; id: string }> {
  const answer = await admin.send('PUT', `/api/clusters/${NODE.cluster}`, {
    description: 'The demo cluster of pnpm start (key in examples/demo-keys)',
    publicKeyPem: await readFile(publicKeyFile, 'utf8'),
  })
  if (answer.status !== 200)
    throw new Error(`registering the demo cluster key: ${answer.status} ${JSON.stringify(answer.body)}`)
  if ((await admin.nodes()).some((n) => n.nodeId === NODE.id)) {
    const removed = await admin.send('DELETE', `/api/cluster/nodes/${NODE.id}`)
    if (removed.status !== 204) throw new Error(`removing the node of the last run: ${removed.status}`)
  }
  return admin.nodeToken(NODE.cluster)
}

/** Waits for the node to register and be up; throws at once if `exited` says its process ended. */
export async function nodeUp(admin: AdminApi, exited: () => boolean, timeoutMs: number): Promise<number> {
  return waitFor(
    `engine node ${NODE.id} to register`,
    async () => {
      if (exited()) throw new Error(`the engine node exited before it registered`)
      return (await admin.nodes()).some((n) => n.nodeId === NODE.id && n.status === 'up')
    },
    timeoutMs,
  )
}

/**
 * Deploys the demo unless a version of it is already active (a restart keeps what was deployed,
 * including a deployment made from the editor); returns the version deployed, or undefined.
 */
export async function deployDemo(admin: AdminApi): Promise<number | undefined> {
  const placement = await admin.placement(DEPLOYMENT.name)
  if (placement.workflows.length > 0) return undefined
  return admin.deploy(DEPLOYMENT.name)
}

/** Waits until the node reports every placed demo workflow running; throws if the node exits. */
export async function workflowsRunning(
  admin: AdminApi,
  exited: () => boolean,
  timeoutMs: number,
): Promise<number> {
  return waitFor(
    'the demo workflows to run',
    async () => {
      if (exited()) throw new Error('the engine node exited')
      const placed = (await admin.placement(DEPLOYMENT.name)).workflows.filter((w) => w.status === 'placed')
      const nodes = await admin.nodes()
      return placed.length > 0 && placed.every((w) => reported(nodes, NODE.id, w.workflow) === 'running')
    },
    timeoutMs,
    500,
  )
}

/** Revokes this run's node token and API token; failures are reported, not thrown. */
export async function revokeTokens(admin: AdminApi, nodeTokenId: string | undefined): Promise<string[]> {
  const problems: string[] = []
  if (nodeTokenId !== undefined) {
    const answer = await admin.send('DELETE', `/api/tokens/${nodeTokenId}`).catch((e: unknown) => e)
    if (!(typeof answer === 'object' && answer !== null && 'status' in answer && answer.status === 200))
      problems.push('could not revoke the node token of this run')
  }
  await admin.revoke().catch(() => problems.push('could not revoke the API token of this run'))
  return problems
}
