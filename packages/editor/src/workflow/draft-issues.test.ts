import type { Asset } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { draftFromSpec } from './draft.ts'
import { draftIssues, issuesByNode } from './draft-issues.ts'

const assets: Asset[] = [{ kind: 'source.sqs', name: 'q', requiredRoles: [], spec: {} }]

describe('issues of the draft', () => {
  it('places graph, expression and reference issues on their nodes', () => {
    const { draft } = draftFromSpec({
      nodes: [
        { id: 'in', type: 'source', asset: 'q' },
        { id: 'm', type: 'map', expression: '$$.(' },
        { id: 'out', type: 'sink', asset: 'missing-sink' },
      ],
      links: [
        { from: 'in', to: 'm' },
        { from: 'm', to: 'out' },
      ],
    })
    const placed = draftIssues(draft, 'w', assets)
    const byNode = issuesByNode(placed)
    expect(byNode.get('m')?.map((p) => [p.issue.code, p.field])).toEqual([
      ['expression.syntax', ['expression']],
    ])
    expect(byNode.get('out')?.map((p) => p.issue.code)).toEqual(['ref.missing'])
    expect(byNode.has('in')).toBe(false)
  })

  it('places a dangling link on the link and a missing source on the workflow', () => {
    const { draft } = draftFromSpec({
      nodes: [{ id: 'm', type: 'map', expression: '$' }],
      links: [{ from: 'm', to: 'nowhere' }],
    })
    const placed = draftIssues(draft, 'w', assets)
    expect(placed.find((p) => p.issue.code === 'graph.dangling-link')?.linkId).toBe('m:out->nowhere')
    expect(placed.find((p) => p.issue.code === 'graph.no-source')?.nodeId).toBeUndefined()
  })
})
