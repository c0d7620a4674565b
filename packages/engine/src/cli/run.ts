import { engineCommand } from './engine.ts'
import { iamPolicyCommand } from './iam-policy.ts'
import { keysCommand } from './keys-command.ts'
import { type CliResult, usage } from './result.ts'
import { runCommand } from './run-command.ts'
import { schemaCommand } from './schema.ts'
import { secretsCommand } from './secrets-command.ts'
import { validateCommand } from './validate.ts'

const HELP = `sluice <command>

  validate <project-dir> [--json]                                 check every asset and the project as a whole
  iam-policy <project-dir> (--workflow <n> | --deployment <n>)    print the least-privilege IAM policy
  schema                                                           print the JSON Schema of every asset kind
  run <project-dir|bundle.json> --workflow <n> [options]           run one workflow until SIGTERM (see sluice run --help)
  engine --server <url> [--roles <a,b>] [options]                  run an engine node of a cluster (see sluice engine --help)
  keys generate --out <dir> [--name <n>]                          make a cluster key pair; prints its fingerprint
  secrets encrypt --key <pub.pem> --name <resource> KEY...         seal values read from stdin into a Secret resource
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
      case 'run':
        return await runCommand(args)
      case 'engine':
        return await engineCommand(args)
      case 'keys':
        return await keysCommand(args)
      case 'secrets':
        return await secretsCommand(args)
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
