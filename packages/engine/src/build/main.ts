/** `pnpm build:engine`: bundles the `sluice` CLI into `packages/engine/dist/sluice.mjs`. */
import { relative } from 'node:path'
import { bundle, CLI_BUNDLE, CLI_ENTRY } from './bundle.ts'

const { outfile, bytes } = await bundle(CLI_ENTRY, CLI_BUNDLE)
process.stdout.write(`${relative(process.cwd(), outfile)}: ${(bytes / 1024 / 1024).toFixed(1)} MiB\n`)
