import { describe, expect, it } from 'vitest'
import { documentOf, localIssues, mergeIssues, typedIssues } from './document.ts'

describe('asset documents in the form', () => {
  const meta = { name: 'q', description: '  ', requiredRoles: [] }

  it('leaves an empty description out', () => {
    expect(documentOf('sink.sqs', meta, {})).toEqual({
      kind: 'sink.sqs',
      name: 'q',
      requiredRoles: [],
      spec: {},
    })
  })

  it('holds back the issues of fields not filled in yet', () => {
    const document = documentOf('sink.sqs', meta, { connection: '', queue: 'not a queue!' })
    const issues = localIssues(document)
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/spec/connection', '/spec/queue']))
    expect(typedIssues(document, issues).map((i) => i.path)).toEqual(['/spec/queue'])
  })

  it('merges issues from the browser and the server once each', () => {
    const a = { path: '/spec/x', code: 'schema.type', message: 'm' }
    expect(mergeIssues([a], [{ ...a }], [{ ...a, message: 'other' }])).toHaveLength(2)
  })
})
