export { engineRegistry, sinks, sources } from './registry.ts'
export * from './runtime/components.ts'
export * from './runtime/contracts.ts'
export * from './runtime/envelope.ts'
export * from './runtime/errors.ts'
export {
  type CompiledExpression,
  compileExpression,
  type ExpressionCompiler,
} from './runtime/expression/expression.ts'
export type { NodeCounters } from './runtime/metrics/counters.ts'
export { type MetricsServer, serveMetrics } from './runtime/metrics/metrics-server.ts'
export { type RunMetrics, renderPrometheus } from './runtime/metrics/prometheus.ts'
export { type Backoff, DEFAULT_BACKOFF } from './runtime/runner/backoff.ts'
export { type ClientFactory, ClientPool } from './runtime/runner/client-pool.ts'
export { type EnvAllowlist, envAllowlist, parseEnvAllow } from './runtime/runner/env-allow.ts'
export { childLogger, silentLogger } from './runtime/runner/logger.ts'
export type { ComponentOverride, ComponentRegistry, OverrideContext } from './runtime/runner/plan.ts'
export { type ConfigProblem, formatProblems } from './runtime/runner/problems.ts'
export { fileStateStore, memoryStateStore } from './runtime/runner/state-store.ts'
export { type RunOptions, startWorkflow, WorkflowRun } from './runtime/runner/workflow-run.ts'
