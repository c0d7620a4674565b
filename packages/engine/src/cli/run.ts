import { iamPolicyCommand } from './iam-policy.ts'
import { type CliResult, usage } from './result.ts'
import { schemaCommand } from './schema.ts'
import { validateCommand } from './validate.ts'

const HELP = `sluice <command>

  validate <project-dir> [--json]                                 check every asset and the project as a whole
  iam-policy <project-dir> (--workflow <n> | --deployment <n>)    print the least-privilege IAM policy
  schema                                                           print the JSON Schema of every asset kind
`

/** Runs one CLI invocation and returns its output; `main.ts` writes it and sets the exit code. */
export async function runCli(argv: string[]): Promise<CliResult> {
  const [command, ...args] = argv
  try {
    switch (command) {
      case 'validate':
        return await validateCommand(args)
      case 'iam-policy':
        return await iamPolicyCommand(args)
      case 'schema':
        return schemaCommand()
      case undefined:
      case 'help':
      case '--help':
        return { code: command === undefined ? 2 : 0, stdout: HELP, stderr: '' }
      default:
        return usage(`unknown command "${command}"\n\n${HELP}`)
    }
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      return usage(`${error.message}\n\n${HELP}`)
    }
    throw error
  }
}
