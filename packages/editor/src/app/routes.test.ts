import { describe, expect, it } from 'vitest'
import { parseRoute, pathOf, type Route, routeOfAsset } from './routes.ts'

describe('routes', () => {
  it.each<Route>([
    { page: 'assets' },
    { page: 'assets', kind: 'sink.sqs' },
    { page: 'asset', kind: 'connection.aws', name: 'aws-prod' },
    { page: 'new-asset', kind: 'source.sqs' },
    { page: 'workflow', name: 'orders fan/out' },
    { page: 'operations' },
    { page: 'audit' },
  ])('round-trips %j', (route) => {
    const url = new URL(pathOf(route), 'http://x')
    expect(parseRoute(url.pathname, url.search)).toEqual(route)
  })

  it('opens the asset browser at the root and reports unknown paths', () => {
    expect(parseRoute('/')).toEqual({ page: 'assets' })
    expect(parseRoute('/nope/x')).toEqual({ page: 'not-found', path: '/nope/x' })
  })

  it('edits workflows on the canvas', () => {
    expect(routeOfAsset('workflow', 'w')).toEqual({ page: 'workflow', name: 'w' })
    expect(routeOfAsset('sink.sqs', 'q')).toEqual({ page: 'asset', kind: 'sink.sqs', name: 'q' })
  })
})
