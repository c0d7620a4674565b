/** Undo and redo over immutable snapshots. */
export interface History<T> {
  past: readonly T[]
  present: T
  future: readonly T[]
}

const LIMIT = 200

export function historyOf<T>(present: T): History<T> {
  return { past: [], present, future: [] }
}

/** Moves to `next` as a step the user can undo; redo is cleared. */
export function commit<T>(history: History<T>, next: T): History<T> {
  if (next === history.present) return history
  return { past: [...history.past, history.present].slice(-LIMIT), present: next, future: [] }
}

/** Moves to `next` within the current step (e.g. while dragging), without an undo entry. */
export function replace<T>(history: History<T>, next: T): History<T> {
  return next === history.present ? history : { ...history, present: next }
}

/** Starts a step whose changes come through {@link replace}: records the present to return to. */
export function checkpoint<T>(history: History<T>): History<T> {
  return { past: [...history.past, history.present].slice(-LIMIT), present: history.present, future: [] }
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1)
  if (previous === undefined) return history
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] }
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...future] = history.future
  if (next === undefined) return history
  return { past: [...history.past, history.present], present: next, future }
}
