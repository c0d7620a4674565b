import { describe, expect, it } from 'vitest'
import { newNodeProps, nodeFieldsOf, nodeTypes } from './node-forms.ts'
import { paletteItems } from './palette-items.ts'

describe('node forms and palette', () => {
  it('derives every node type and its fields from the workflow schema', () => {
    expect(nodeTypes()).toEqual(['source', 'sink', 'map', 'filter', 'route', 'throttle'])
    expect(nodeFieldsOf('map').map((f) => [f.key, f.type])).toEqual([['expression', 'text']])
    expect(nodeFieldsOf('route').map((f) => f.key)).toEqual(['routes', 'otherwise'])
    expect(nodeFieldsOf('source')[0]).toMatchObject({ key: 'asset', type: 'ref', kinds: ['source.*'] })
  })

  it('lists sources, processors and sinks from the specs', () => {
    const items = paletteItems()
    expect(items.filter((i) => i.group === 'Sources').map((i) => i.kind)).toEqual(['source.s3', 'source.sqs'])
    expect(items.filter((i) => i.group === 'Processors').map((i) => i.type)).toEqual([
      'map',
      'filter',
      'route',
      'throttle',
    ])
    expect(items.filter((i) => i.group === 'Sinks')).toHaveLength(5)
  })

  it('starts a dropped node valid where it can', () => {
    const sqs = paletteItems().find((i) => i.kind === 'source.sqs')
    if (!sqs) throw new Error('the SQS source is in the palette')
    expect(newNodeProps(sqs, [{ kind: 'source.sqs', name: 'orders', requiredRoles: [], spec: {} }])).toEqual({
      props: { asset: 'orders' },
      idBase: 'orders',
    })
    expect(newNodeProps(sqs, [])).toEqual({ props: { asset: '' }, idBase: 'source-sqs' })
  })
})
