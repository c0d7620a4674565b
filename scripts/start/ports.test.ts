import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { busyPorts, portIsFree } from './ports.ts'

describe('the fixed ports check', () => {
  it('names each busy port, what it is for, and the way out', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const address = holder.address()
    if (address === null || typeof address === 'string') throw new Error('not listening on TCP')
    try {
      expect(await portIsFree(address.port)).toBe(false)
      const message = await busyPorts([{ port: address.port, use: 'the config server and editor' }])
      expect(message).toBe(
        `port ${address.port} (the config server and editor) is already in use on 127.0.0.1\n` +
          'Stop what uses it (another pnpm start?), or run on free ports instead: SLUICE_START_PORTS=0 pnpm start',
      )
    } finally {
      await new Promise((resolve) => holder.close(resolve))
    }
    expect(await portIsFree(address.port)).toBe(true)
    expect(await busyPorts([{ port: address.port, use: 'x' }])).toBeUndefined()
  })
})
