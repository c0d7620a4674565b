import type { Issue } from '@sluice/assets'

/**
 * Why a workflow could not start because of its configuration: the asset (`kind/name`), the JSON
 * pointer of the field inside it, a stable code and a message a person can act on. Never holds a
 * secret value.
 */
export interface ConfigProblem {
  asset: string
  path: string
  code: string
  message: string
}

/** The problems of an asset's issues. */
export function problemsOf(asset: { kind: string; name: string }, issues: readonly Issue[]): ConfigProblem[] {
  return issues.map((i) => ({
    asset: `${asset.kind}/${asset.name}`,
    path: i.path,
    code: i.code,
    message: i.message,
  }))
}

/** `asset: path: code: message`, one per line, as `failed-config` reasons and the CLI show them. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.asset}: ${p.path || '/'}: ${p.code}: ${p.message}`).join('\n')
}
