/**
 * Restarts of deployed workflows within the node protocol: the workflow is left out of a node's
 * desired state until the node reports it reconciled that generation (so it stopped the run), and
 * then put back, so the node starts it afresh.
 */
export class RestartTracker {
  /** node → `deployment/workflow` → generation that left it out (undefined until sent). */
  readonly #held = new Map<string, Map<string, number | undefined>>()

  /** Asks `nodes` to restart a workflow. */
  request(nodes: readonly string[], deployment: string, workflow: string): void {
    for (const nodeId of nodes) {
      const held = this.#held.get(nodeId) ?? new Map<string, number | undefined>()
      held.set(`${deployment}/${workflow}`, undefined)
      this.#held.set(nodeId, held)
    }
  }

  /** True while the workflow is held back from the node. */
  holds(nodeId: string, deployment: string, workflow: string): boolean {
    return this.#held.get(nodeId)?.has(`${deployment}/${workflow}`) ?? false
  }

  /** Notes the generation sent to a node: the first one without a held workflow is its stop. */
  sent(nodeId: string, generation: number): void {
    const held = this.#held.get(nodeId)
    if (!held) return
    for (const [key, at] of held) if (at === undefined) held.set(key, generation)
  }

  /** A heartbeat reconciled `generation`: workflows stopped by then are released to start again. */
  reconciled(nodeId: string, generation: number): void {
    const held = this.#held.get(nodeId)
    if (!held) return
    for (const [key, at] of held) if (at !== undefined && generation >= at) held.delete(key)
    if (held.size === 0) this.#held.delete(nodeId)
  }

  forget(nodeId: string): void {
    this.#held.delete(nodeId)
  }
}
