/**
 * The Node flags engine nodes run with: the manifests' `command` and both sides of the engine
 * benchmark use exactly these. They bound the garbage V8 lets pile up between collections, a
 * young generation of 4 MiB per semi-space and an old generation that grows to at most twice
 * its live size, which keeps a node streaming large objects well under 200 MB at about the same
 * throughput (measured in `pnpm bench:engine`).
 */
export const ENGINE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=100']
