import type { NodeRedVariant } from './workload.ts'

/** A node of a Node-RED flow file (flows.json), as the editor would export it. */
export interface FlowNode {
  readonly id: string
  readonly type: string
  readonly z?: string
  readonly wires?: readonly (readonly string[])[]
  readonly [setting: string]: unknown
}

/** The id of the node the benchmark feeds each message into. */
export const ENTRY = 'map'

/** The name under `functionGlobalContext` of the object the sinks report to. */
export const SINK_GLOBAL = 'bench'

/** Function node code of the JavaScript map: the same new object as Sluice's native map. */
export const MAP_FUNCTION =
  'const p = msg.payload\n' +
  'msg.payload = { id: p.id, amount: p.amount, customer: p.customer, total: p.amount * 2 }\n' +
  'return msg'

/** Function node code of the JavaScript filter: kept messages on output 1, the others on output 2. */
export const FILTER_FUNCTION = 'return msg.payload.amount % 10 !== 0 ? [msg, null] : [null, msg]'

/** The JSONata of the change node: Sluice's map, on `msg` instead of the body. */
export const MAP_JSONATA = '$merge([payload, { "total": payload.amount * 2 }])'

/** The JSONata rule of the switch node: Sluice's filter, on `msg`. */
export const FILTER_JSONATA = 'payload.amount % 10 != 0'

const sink = (id: 'kept' | 'filtered'): FlowNode => ({
  id,
  type: 'function',
  z: 'bench',
  name: `${id} sink`,
  func: `global.get('${SINK_GLOBAL}').${id}()\nreturn null`,
  outputs: 0,
  wires: [],
})

/**
 * The flow of one variant: map → filter → two sinks. Node-RED drops a message that a switch or
 * function node does not pass on without telling anyone, so the filter sends the messages it drops
 * to a second sink: that is how the benchmark knows a message is finished, as Sluice's filter acks
 * a dropped message as filtered. Each output has one wire, so Node-RED never clones a message.
 */
export function benchFlow(variant: NodeRedVariant): FlowNode[] {
  const map: FlowNode =
    variant === 'function'
      ? { id: ENTRY, type: 'function', z: 'bench', func: MAP_FUNCTION, outputs: 1, wires: [['filter']] }
      : {
          id: ENTRY,
          type: 'change',
          z: 'bench',
          rules: [{ t: 'set', p: 'payload', pt: 'msg', to: MAP_JSONATA, tot: 'jsonata' }],
          wires: [['filter']],
        }
  const filter: FlowNode =
    variant === 'function'
      ? {
          id: 'filter',
          type: 'function',
          z: 'bench',
          func: FILTER_FUNCTION,
          outputs: 2,
          wires: [['kept'], ['filtered']],
        }
      : {
          id: 'filter',
          type: 'switch',
          z: 'bench',
          property: 'payload',
          propertyType: 'msg',
          rules: [{ t: 'jsonata_exp', v: FILTER_JSONATA, vt: 'jsonata' }, { t: 'else' }],
          checkall: 'false',
          outputs: 2,
          wires: [['kept'], ['filtered']],
        }
  return [{ id: 'bench', type: 'tab', label: 'bench' }, map, filter, sink('kept'), sink('filtered')]
}
