import Value from 'typebox/value'
import { type Asset, AssetEnvelope } from '../asset.ts'
import { type Issue, issue } from '../issues.ts'
import { isAuthored } from '../spec/guards.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { macroIssues } from './macro-issues.ts'
import { schemaIssues } from './schema-issues.ts'
import { prop } from './schema-pointer.ts'

export interface AssetCheck {
  /** The asset with defaults applied; absent when the envelope itself is unusable. */
  asset?: Asset
  issues: Issue[]
}

/**
 * Validates one asset document on its own: the envelope, the spec against its kind's schema, the
 * kind's cross-field rules, and the syntax and phase of every macro. Returns every issue at once;
 * never throws for bad input. References to other assets are checked by `validateProject`.
 */
export function validateAsset(registry: AssetRegistry, document: unknown, file?: string): AssetCheck {
  const withFile = (issues: Issue[]) => (file === undefined ? issues : issues.map((i) => ({ file, ...i })))
  const envelopeIssues = schemaIssues(AssetEnvelope, document)
  const kind = prop(document, 'kind')
  const name = prop(document, 'name')
  if (typeof kind !== 'string' || typeof name !== 'string') return { issues: withFile(envelopeIssues) }
  const type = registry.get(kind)
  if (!type) {
    const known = registry.types.map((t) => t.kind).join(', ')
    return {
      issues: withFile([
        ...envelopeIssues,
        issue('asset.unknown-kind', '/kind', `unknown kind "${kind}"; known kinds: ${known}`),
      ]),
    }
  }
  const rawSpec = prop(document, 'spec') ?? {}
  const spec = Value.Default(type.spec, Value.Clone(rawSpec))
  const specIssues = schemaIssues(type.spec, spec, ['spec'])
  const ruleIssues =
    specIssues.length === 0 && type.rules && isAuthored(type, spec) ? prefixed(type.rules(spec), '/spec') : []
  const issues = [...envelopeIssues, ...specIssues, ...ruleIssues, ...macroIssues(type.spec, spec, ['spec'])]
  const description = prop(document, 'description')
  const roles = prop(document, 'requiredRoles')
  const asset: Asset = {
    kind,
    name,
    requiredRoles: Array.isArray(roles) ? roles.filter((r) => typeof r === 'string') : [],
    spec,
    ...(typeof description === 'string' ? { description } : {}),
    ...(file === undefined ? {} : { file }),
  }
  return { asset, issues: withFile(issues) }
}

function prefixed(issues: Issue[], base: string): Issue[] {
  return issues.map((i) => ({ ...i, path: base + i.path }))
}
