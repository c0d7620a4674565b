import { writeFileAtomic } from '../store/atomic-write.ts'
import { versionText } from './crash-texts.ts'

/**
 * A child process for the crash test: rewrites the files of a project folder over and over with
 * two alternating large versions until it is killed. Prints `ready` once every file exists.
 */
const [dir, countText] = process.argv.slice(2)
if (dir === undefined) throw new Error('usage: crash-writer <dir> [files]')
const count = Number(countText ?? '4')

for (let round = 0; ; round += 1) {
  for (let file = 0; file < count; file += 1)
    await writeFileAtomic(`${dir}/env-${file}.yaml`, versionText(file, round % 2 === 0 ? 'a' : 'b'))
  if (round === 0) process.stdout.write('ready\n')
}
