import type { Logger } from '../runtime/contracts.ts'

/** Where `sluice run` writes: stderr, a TTY or not. */
export interface Output {
  write(text: string): unknown
  readonly isTTY?: boolean
}

const CLEAR_LINE = '\r\x1b[2K'

/**
 * Writes a live status line and log lines to stderr. On a TTY the status line is redrawn in place
 * and log lines are written above it; otherwise every status line is a plain line of its own.
 */
export class Terminal {
  private readonly output: Output
  private showing = false

  constructor(output: Output) {
    this.output = output
  }

  status(line: string): void {
    if (this.output.isTTY) {
      this.output.write(`${CLEAR_LINE}${line}`)
      this.showing = true
    } else this.output.write(`${line}\n`)
  }

  line(text: string): void {
    if (this.showing) this.output.write(CLEAR_LINE)
    this.showing = false
    this.output.write(`${text}\n`)
  }

  /** Leaves the last status line on screen. */
  end(): void {
    if (this.showing) this.output.write('\n')
    this.showing = false
  }
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const
export type LogLevel = (typeof LEVELS)[number]

export function isLogLevel(value: string): value is LogLevel {
  return LEVELS.some((level) => level === value)
}

/** A logger that writes `level message {fields}` lines through the terminal, from `level` up. */
export function terminalLogger(terminal: Terminal, level: LogLevel): Logger {
  const threshold = LEVELS.indexOf(level)
  const at =
    (entry: LogLevel) =>
    (fields: object, message: string): void => {
      if (LEVELS.indexOf(entry) < threshold) return
      const details = Object.keys(fields).length === 0 ? '' : ` ${JSON.stringify(fields)}`
      terminal.line(`${new Date().toISOString()} ${entry} ${message}${details}`)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}
