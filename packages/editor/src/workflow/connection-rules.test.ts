import { describe, expect, it } from 'vitest'
import { connectionProblem } from './connection-rules.ts'
import { draftFromSpec } from './draft.ts'

const { draft } = draftFromSpec({
  nodes: [
    { id: 'in', type: 'source', asset: 'q' },
    { id: 'm', type: 'map', expression: '$' },
    { id: 'f', type: 'filter', expression: 'ok' },
    { id: 'r', type: 'route', routes: [{ name: 'big', when: 'n > 1' }], otherwise: 'drop' },
    { id: 'out', type: 'sink', asset: 's' },
  ],
  links: [
    { from: 'in', to: 'm' },
    { from: 'm', to: 'f' },
  ],
})
const link = (source: string, target: string, sourceHandle = 'out') => ({ source, target, sourceHandle })

describe('connection rules', () => {
  it('accepts a link from an output port to a node with an input', () => {
    expect(connectionProblem(draft, link('f', 'out'))).toBeUndefined()
    expect(connectionProblem(draft, link('r', 'out', 'big'))).toBeUndefined()
    expect(connectionProblem(draft, link('in', 'f'))).toBeUndefined()
  })

  it.each([
    ['into a source', link('m', 'in'), 'is a source and takes no input'],
    ['out of a sink', link('out', 'm'), 'is a sink and has no outputs'],
    ['from a port the node lacks', link('r', 'out', 'default'), 'has no port "default"'],
    ['to itself', link('m', 'm'), 'cannot feed itself'],
    ['twice', link('in', 'm'), 'already linked'],
    ['into a cycle', link('f', 'm'), 'cycle'],
    ['to a missing node', link('m', 'zz'), 'both ends'],
  ])('refuses a link %s', (_title, proposed, reason) => {
    expect(connectionProblem(draft, proposed)).toContain(reason)
  })

  it('treats a missing handle as the out port', () => {
    expect(connectionProblem(draft, { source: 'f', target: 'out', sourceHandle: null })).toBeUndefined()
  })
})
