import { describe, expect, it } from 'vitest'
import { createRegistry } from '../spec/registry.ts'
import { defaultFileFor } from './default-file.ts'

describe('defaultFileFor', () => {
  it.each([
    ['connection.aws', 'aws-prod', 'connections/aws-prod.yaml'],
    ['source.sqs', 'orders', 'sources/orders.yaml'],
    ['sink.s3', 'archive', 'sinks/archive.yaml'],
    ['resource.environment', 'prod', 'resources/environments/prod.yaml'],
    ['resource.secret', 'prod-secrets', 'resources/secrets/prod-secrets.yaml'],
    ['workflow', 'orders-fanout', 'workflows/orders-fanout.yaml'],
    ['deployment', 'prod', 'deployments/prod.yaml'],
    ['thing.unknown', 'x', 'x.yaml'],
  ])('puts a %s named %s in %s', (kind, name, file) => {
    expect(defaultFileFor({ kind, name })).toBe(file)
  })

  it.each([['../escape'], ['with space'], ['a/b'], ['']])('refuses the name %j', (name) => {
    expect(defaultFileFor({ kind: 'connection.aws', name })).toBeUndefined()
  })

  it('reads the category from the registry it is given', () => {
    expect(defaultFileFor({ kind: 'connection.aws', name: 'a' }, createRegistry([]))).toBe('a.yaml')
  })
})
