/**
 * `pnpm docs:commands`: runs every command in the ```sh blocks of the README, docs/*.md and
 * deploy/**\/README.md in a fresh copy of the repository (see docs/README.md). Exit 1 when a block
 * fails or a block or marker is refused. `--keep` leaves the copy for a look afterwards.
 */
import { checkDocs } from './docs-check/check.ts'

const report = await checkDocs({ log: (line) => console.log(line), keep: process.argv.includes('--keep') })
const count = (status: string) => report.results.filter((r) => r.status === status).length
console.log(
  `\n${count('passed')} blocks passed, ${count('failed')} failed, ${count('not-run')} not run; ${report.problems.length} refused`,
)
process.exitCode = count('failed') > 0 || report.problems.length > 0 ? 1 : 0
