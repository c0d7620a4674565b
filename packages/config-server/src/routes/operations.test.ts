import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeNode, nodeToken } from '../test-support/fake-node.ts'
import { type Harness, startHarness } from '../test-support/harness.ts'

/** Reads server-sent events from a stream until `want` events arrived (bounded by the test timeout). */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  want: number,
): Promise<{ event: string; data: unknown }[]> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  const events: { event: string; data: unknown }[] = []
  let buffer = ''
  while (events.length < want) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true })
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event = /^event: (.+)$/m.exec(block)?.[1]
      const data = /^data: (.+)$/m.exec(block)?.[1]
      if (event && data) events.push({ event, data: JSON.parse(data) })
    }
  }
  await reader.cancel()
  return events
}

describe('operations stream', () => {
  let h: Harness
  let base: string
  beforeAll(async () => {
    h = await startHarness()
    base = await h.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(() => h.close())

  it('streams a snapshot on connect, then node changes and heartbeats as server-sent events', async () => {
    const node = new FakeNode(h, await nodeToken(h), 'live-1')
    const controller = new AbortController()
    const response = await fetch(`${base}/api/operations/events`, {
      headers: { cookie: h.admin.cookie ?? '' },
      signal: controller.signal,
    })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    if (!response.body) throw new Error('no stream')
    const reading = readEvents(response.body, 3)
    await new Promise((resolve) => setTimeout(resolve, 200))
    await node.register()
    await new Promise((resolve) => setTimeout(resolve, 300))
    await node.beat()
    const events = await reading
    controller.abort()
    expect(events.map((e) => e.event)).toEqual(['snapshot', 'snapshot', 'heartbeat'])
    expect(events[0]?.data).toEqual({ nodes: [], deployments: [] })
    expect(events[1]?.data).toMatchObject({ nodes: [{ nodeId: 'live-1', status: 'up' }] })
    expect(events[2]?.data).toMatchObject({ nodeId: 'live-1', status: 'up' })
  })

  it('refuses the stream without a session', async () => {
    const response = await fetch(`${base}/api/operations/events`)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: { code: 'auth.required' } })
  })
})
