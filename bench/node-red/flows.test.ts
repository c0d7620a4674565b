import { describe, expect, it } from 'vitest'
import { benchFlow, ENTRY, FILTER_FUNCTION, type FlowNode, MAP_FUNCTION, SINK_GLOBAL } from './flows.ts'
import { body, keptOf } from './workload.ts'

/** A function node's code as Node-RED runs it: a function of `msg` (and `global`, unused here). */
const asFunction = (code: string) => new Function('msg', code)

const byId = (flow: readonly FlowNode[]) => new Map(flow.map((node) => [node.id, node]))

describe('the Node-RED benchmark flows', () => {
  it.each(['function', 'jsonata'] as const)(
    '%s: the entry leads through the filter to both sinks',
    (variant) => {
      const nodes = byId(benchFlow(variant))
      expect(nodes.get(ENTRY)?.wires).toEqual([['filter']])
      expect(nodes.get('filter')?.wires).toEqual([['kept'], ['filtered']])
      for (const sink of ['kept', 'filtered']) {
        expect(nodes.get(sink)?.wires).toEqual([])
        expect(nodes.get(sink)?.func).toBe(`global.get('${SINK_GLOBAL}').${sink}()\nreturn null`)
      }
      for (const node of nodes.values()) for (const wire of node.wires ?? []) expect(wire).toHaveLength(1)
    },
  )

  it('function nodes map and filter as Sluice does', () => {
    const map = asFunction(MAP_FUNCTION)
    const filter = asFunction(FILTER_FUNCTION)
    let kept = 0
    for (let i = 0; i < 3_000; i++) {
      const mapped: unknown = map({ payload: body(i) })
      expect(mapped).toEqual({ payload: { ...body(i), total: body(i).amount * 2 } })
      const routed: unknown = filter(mapped)
      const keep = body(i).amount % 10 !== 0
      expect(routed).toEqual(keep ? [mapped, null] : [null, mapped])
      if (keep) kept++
    }
    expect(kept).toBe(keptOf(3_000))
    expect(keptOf(3_000)).toBe(2_700)
  })

  it('the JSONata flow uses a change node and a switch with an otherwise rule', () => {
    const nodes = byId(benchFlow('jsonata'))
    expect(nodes.get(ENTRY)).toMatchObject({
      type: 'change',
      rules: [{ t: 'set', p: 'payload', tot: 'jsonata' }],
    })
    expect(nodes.get('filter')).toMatchObject({
      type: 'switch',
      checkall: 'false',
      rules: [{ t: 'jsonata_exp', vt: 'jsonata' }, { t: 'else' }],
    })
  })
})
