/**
 * Counts the objects a source is reading. When the last read ends (every record of it emitted,
 * or reading gave up), nothing more is coming until another object is found, and `caughtUp` is
 * called: the sinks then send the object's last records without waiting out their linger.
 */
export class OpenReads {
  private open = 0
  private readonly caughtUp: () => void

  constructor(caughtUp: () => void) {
    this.caughtUp = caughtUp
  }

  /** An object's records start coming. */
  opened(): void {
    this.open += 1
  }

  /** An object's records have all come (or reading it stopped). */
  closed(): void {
    this.open -= 1
    if (this.open === 0) this.caughtUp()
  }
}
