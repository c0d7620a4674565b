/** The two large versions of a file the crash test alternates between. */
export function versionText(file: number, version: 'a' | 'b'): string {
  const filler = `# ${version.repeat(200)}\n`.repeat(4000)
  return `kind: resource.environment\nname: env-${file}\n${filler}spec:\n  variables:\n    VERSION: ${version}\n`
}
