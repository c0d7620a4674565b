import { type AssetTypeDefinition, type Issue, resolveSpec, type StaticLookups } from '@sluice/assets'
import type { Static, TSchema } from 'typebox'
import type { ComponentContext } from './contracts.ts'

/** The outcome of starting a component: the component, or why its spec could not be resolved. */
export type Started<C> = { component: C; issues: [] } | { component?: undefined; issues: Issue[] }

/**
 * A source or sink implementation with its spec type hidden behind `start`, so implementations of
 * every kind fit one registry. `start` resolves the authored spec's static macros, validates the
 * result and creates the component; it never throws for a bad spec.
 */
export interface ComponentStarter<C, M> {
  readonly kind: string
  start(authored: unknown, lookups: StaticLookups, context: ComponentContext & { metrics: M }): Started<C>
}

/** Wraps a `defineSource` or `defineSink` result for the registry. */
export function starterOf<S extends TSchema, C, M>(impl: {
  readonly type: AssetTypeDefinition<string, S>
  create(spec: Static<S>, context: ComponentContext & { metrics: M }): C
}): ComponentStarter<C, M> {
  return {
    kind: impl.type.kind,
    start(authored, lookups, context) {
      const resolved = resolveSpec(impl.type, authored, lookups)
      if (!resolved.spec) return { issues: resolved.issues }
      return { component: impl.create(resolved.spec, context), issues: [] }
    },
  }
}
