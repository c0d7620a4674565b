/** Where secret values are typed or piped in; tests give their own. */
export interface SecretInput {
  /** True when a person is typing (prompt without echo); false when values are piped in. */
  readonly interactive: boolean
  /** Everything piped in. */
  readAll(): Promise<string>
  /** Asks for one value without echoing it. */
  prompt(question: string): Promise<string>
}

/**
 * Reads one value per key: prompted one by one without echo on a terminal; piped in, a single
 * key takes all of stdin (one trailing newline dropped) and several keys take one line each.
 * Values never come from the command line, so they stay out of shell history.
 */
export async function readValues(keys: readonly string[], input: SecretInput): Promise<string[] | string> {
  if (input.interactive) {
    const values: string[] = []
    for (const key of keys) {
      const value = await input.prompt(`value for ${key}: `)
      if (value === '') return `no value given for ${key}`
      values.push(value)
    }
    return values
  }
  const text = await input.readAll()
  if (keys.length === 1) {
    const value = text.replace(/\r?\n$/, '')
    return value === '' ? `stdin was empty: pipe the value of ${keys[0]} in` : [value]
  }
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/)
  if (lines.length !== keys.length || lines.some((line) => line === ''))
    return `stdin has ${lines.length} non-empty line(s) for ${keys.length} keys: give one value per line, in the order of the keys`
  return lines
}

/** Reads from the process: a TTY prompt with echo turned off, or piped stdin. */
export const processSecretInput: SecretInput = {
  interactive: process.stdin.isTTY === true,
  async readAll() {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin)
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
    return Buffer.concat(chunks).toString('utf8')
  },
  prompt(question) {
    return new Promise((resolve, reject) => {
      const stdin = process.stdin
      process.stderr.write(question)
      stdin.setRawMode(true)
      stdin.resume()
      stdin.setEncoding('utf8')
      let value = ''
      const done = (error?: Error) => {
        stdin.off('data', onData)
        stdin.setRawMode(false)
        stdin.pause()
        process.stderr.write('\n')
        if (error) reject(error)
        else resolve(value)
      }
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n') return done()
          if (char === '\u0003') return done(new Error('cancelled'))
          if (char === '\u007f' || char === '\b') value = value.slice(0, -1)
          else value += char
        }
      }
      stdin.on('data', onData)
    })
  },
}
