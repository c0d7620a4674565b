import { parseArgs } from 'node:util'
import { builtinRegistry, checkProject, formatIssue, type PolicyTarget, policyFor } from '@sluice/assets'
import { type CliResult, usage } from './result.ts'

const USAGE = 'usage: sluice iam-policy <project-dir> (--workflow <name> | --deployment <name>)'

/**
 * `sluice iam-policy`: prints the least-privilege IAM policy JSON for a workflow or deployment.
 * Assets that could not be resolved are named on stderr and the exit code is 1.
 */
export async function iamPolicyCommand(args: string[]): Promise<CliResult> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { workflow: { type: 'string' }, deployment: { type: 'string' } },
  })
  const [dir] = positionals
  const target: PolicyTarget | undefined =
    values.workflow !== undefined && values.deployment === undefined
      ? { workflow: values.workflow }
      : values.deployment !== undefined && values.workflow === undefined
        ? { deployment: values.deployment }
        : undefined
  if (!dir || positionals.length > 1 || !target) return usage(USAGE)
  const project = await checkProject(builtinRegistry, dir)
  if (project.error) return usage(project.error)
  const { policy, issues } = policyFor(builtinRegistry, project.assets, target)
  return {
    code: issues.length === 0 ? 0 : 1,
    stdout: `${JSON.stringify(policy, null, 2)}\n`,
    stderr: issues.map((i) => `${formatIssue(i)}\n`).join(''),
  }
}
