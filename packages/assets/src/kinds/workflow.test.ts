import { describe, expect, it } from 'vitest'
import { validateAsset } from '../validate/validate-asset.ts'
import { builtinRegistry } from './builtin.ts'

type Node = Record<string, unknown>
const flow = (nodes: Node[], links: { from: string; to: string }[], extra: Record<string, unknown> = {}) =>
  validateAsset(builtinRegistry, {
    kind: 'workflow',
    name: 'w',
    spec: { nodes, links, ...extra },
  }).issues.map((i) => [i.path, i.code])
const source: Node = { id: 'in', type: 'source', asset: 'q' }
const sink = (id: string): Node => ({ id, type: 'sink', asset: 'out' })

describe('workflow graph rules', () => {
  it('accepts source → map → route → sinks with an error sink', () => {
    const nodes = [
      source,
      { id: 'm', type: 'map', expression: '$' },
      { id: 'r', type: 'route', routes: [{ name: 'big', when: 'n > 1' }] },
      sink('a'),
      sink('b'),
      sink('errors'),
    ]
    const links = [
      { from: 'in', to: 'm' },
      { from: 'm', to: 'r' },
      { from: 'r.big', to: 'a' },
      { from: 'r.default', to: 'b' },
    ]
    expect(flow(nodes, links, { errorSink: 'errors' })).toEqual([])
  })

  it.each([
    [
      'no source',
      [sink('a')],
      [],
      [
        ['/spec/nodes', 'graph.no-source'],
        ['/spec/nodes/0', 'graph.unreachable-sink'],
      ],
    ],
    [
      'an unreachable sink',
      [source, sink('a'), sink('b')],
      [{ from: 'in', to: 'a' }],
      [['/spec/nodes/2', 'graph.unreachable-sink']],
    ],
    [
      'a link to nowhere',
      [source, sink('a')],
      [
        { from: 'in', to: 'a' },
        { from: 'in', to: 'zz' },
      ],
      [['/spec/links/1/to', 'graph.dangling-link']],
    ],
    [
      'a link into a source',
      [source, { ...source, id: 'in2' }, sink('a')],
      [
        { from: 'in', to: 'a' },
        { from: 'in2', to: 'in' },
      ],
      [
        ['/spec/links/1/to', 'graph.dangling-link'],
        ['/spec/nodes/1', 'graph.unconnected-port'],
      ],
    ],
    [
      'an unknown port',
      [source, sink('a')],
      [{ from: 'in.nope', to: 'a' }],
      [
        ['/spec/links/0/from', 'graph.dangling-link'],
        ['/spec/nodes/0', 'graph.unconnected-port'],
        ['/spec/nodes/1', 'graph.unreachable-sink'],
      ],
    ],
    [
      'an output left open',
      [source, { id: 'f', type: 'filter', expression: 'ok' }],
      [{ from: 'in', to: 'f' }],
      [['/spec/nodes/1', 'graph.unconnected-port']],
    ],
    [
      'a cycle',
      [source, { id: 'a', type: 'map', expression: '$' }, { id: 'b', type: 'map', expression: '$' }],
      [
        { from: 'in', to: 'a' },
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
      ],
      [['/spec/links', 'graph.cycle']],
    ],
    [
      'a duplicate id',
      [source, sink('a'), sink('a')],
      [{ from: 'in', to: 'a' }],
      [['/spec/nodes/2/id', 'graph.duplicate-node']],
    ],
    [
      'a broken expression',
      [source, { id: 'm', type: 'map', expression: '$$.(' }, sink('a')],
      [
        { from: 'in', to: 'm' },
        { from: 'm', to: 'a' },
      ],
      [['/spec/nodes/1/expression', 'expression.syntax']],
    ],
  ])('reports %s', (_title, nodes, links, expected) => {
    expect(flow(nodes, links)).toEqual(expected)
  })

  it('requires the error sink to be a sink node', () => {
    expect(flow([source, sink('a')], [{ from: 'in', to: 'a' }], { errorSink: 'in' })).toEqual([
      ['/spec/errorSink', 'graph.dangling-link'],
    ])
  })

  it('reports an unknown node type with the allowed ones', () => {
    const { issues } = validateAsset(builtinRegistry, {
      kind: 'workflow',
      name: 'w',
      spec: { nodes: [{ id: 'x', type: 'lambda' }] },
    })
    expect(issues[0]).toMatchObject({ path: '/spec/nodes/0/type', code: 'schema.enum' })
    expect(issues[0]?.message).toContain('"throttle"')
  })
})
