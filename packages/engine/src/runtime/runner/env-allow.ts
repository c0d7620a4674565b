const PATTERN = /^[A-Za-z_][A-Za-z0-9_]*\*?$/

/**
 * The `env:` variables an operator allows on an engine node: exact names and `PREFIX_*` patterns.
 * Everything else is refused (`macro.env-denied`), so a workflow cannot read the node's secrets.
 */
export interface EnvAllowlist {
  readonly patterns: readonly string[]
  allows(name: string): boolean
}

/** Parses an allowlist; throws a `RangeError` naming a malformed pattern. */
export function envAllowlist(patterns: readonly string[]): EnvAllowlist {
  const exact = new Set<string>()
  const prefixes: string[] = []
  for (const raw of patterns) {
    const pattern = raw.trim()
    if (pattern === '') continue
    if (!PATTERN.test(pattern))
      throw new RangeError(`"${pattern}" is not a variable name or a PREFIX_* pattern`)
    if (pattern.endsWith('*')) prefixes.push(pattern.slice(0, -1))
    else exact.add(pattern)
  }
  return {
    patterns: [...exact, ...prefixes.map((p) => `${p}*`)],
    allows: (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p)),
  }
}

/** Splits a comma-separated list, as `--env-allow` and `SLUICE_ENV_ALLOW` give it. */
export function parseEnvAllow(list: string | undefined): EnvAllowlist {
  return envAllowlist((list ?? '').split(','))
}
