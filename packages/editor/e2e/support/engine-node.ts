import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The repository root, where `pnpm sluice` runs. */
export const REPO = join(import.meta.dirname, '..', '..', '..', '..')

export interface EngineNode {
  /** Everything the node printed, for a failing test to show. */
  output(): string
  /** SIGTERM (the node drains and exits), then SIGKILL if it has not exited after 30 s. */
  stop(): Promise<void>
}

/**
 * Starts a real engine node, `pnpm sluice engine`, as its own process group, with a fresh data
 * directory, the node token in SLUICE_TOKEN and the cluster's private key file.
 */
export async function startEngineNode(options: {
  server: string
  token: string
  nodeId: string
  roles: string[]
  keyFile: string
}): Promise<EngineNode> {
  const data = await mkdtemp(join(tmpdir(), 'sluice-e2e-node-'))
  let output = ''
  const child: ChildProcess = spawn(
    'pnpm',
    [
      '--silent',
      'sluice',
      'engine',
      '--server',
      options.server,
      '--node-id',
      options.nodeId,
      '--roles',
      options.roles.join(','),
      '--key',
      options.keyFile,
      '--data',
      data,
      '--drain-timeout',
      '5',
    ],
    {
      cwd: REPO,
      env: { ...process.env, SLUICE_TOKEN: options.token },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const collect = (chunk: Buffer) => {
    output = `${output}${chunk.toString()}`.slice(-20_000)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const signal = (name: NodeJS.Signals) => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, name)
      } catch {
        // the group is already gone
      }
    }
  }
  return {
    output: () => output,
    async stop() {
      signal('SIGTERM')
      const timer = setTimeout(() => signal('SIGKILL'), 30_000)
      await exited
      clearTimeout(timer)
      await rm(data, { recursive: true, force: true })
    },
  }
}

/** Sends messages to an SQS queue of the local stack (which takes unsigned JSON-protocol calls). */
export async function sendMessages(
  sqsEndpoint: string,
  queueUrl: string,
  bodies: readonly unknown[],
): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const entries = bodies
      .slice(i, i + 10)
      .map((body, j) => ({ Id: `m${i + j}`, MessageBody: JSON.stringify(body) }))
    const response = await fetch(sqsEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessageBatch' },
      body: JSON.stringify({ QueueUrl: queueUrl, Entries: entries }),
    })
    if (!response.ok) throw new Error(`SendMessageBatch failed: ${response.status} ${await response.text()}`)
  }
}
