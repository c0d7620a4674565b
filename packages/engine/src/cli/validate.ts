import { parseArgs } from 'node:util'
import { builtinRegistry, checkProject, formatIssue } from '@sluice/assets'
import { type CliResult, usage } from './result.ts'

/**
 * `sluice validate <project-dir> [--json]`: loads every asset file, validates each one and the
 * project as a whole. Exit 0 when clean, 1 with every issue listed, 2 for a usage error.
 */
export async function validateCommand(args: string[]): Promise<CliResult> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  })
  const [dir] = positionals
  if (!dir || positionals.length > 1) return usage('usage: sluice validate <project-dir> [--json]')
  const result = await checkProject(builtinRegistry, dir)
  if (result.error) return usage(result.error)
  const { assets, issues } = result
  const code = issues.length === 0 ? 0 : 1
  if (values.json)
    return {
      code,
      stdout: `${JSON.stringify({ valid: code === 0, assets: assets.length, issues }, null, 2)}\n`,
      stderr: '',
    }
  const lines = issues.map(formatIssue)
  const summary = `${assets.length} assets, ${issues.length} issue${issues.length === 1 ? '' : 's'}`
  return { code, stdout: lines.length ? `${lines.join('\n')}\n` : '', stderr: `${summary}\n` }
}
