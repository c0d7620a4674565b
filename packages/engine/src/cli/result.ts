/** What a CLI command produced: its output and exit code (0 ok, 1 problems found, 2 usage error). */
export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export const ok = (stdout: string): CliResult => ({ code: 0, stdout, stderr: '' })
export const usage = (message: string): CliResult => ({ code: 2, stdout: '', stderr: `${message}\n` })
