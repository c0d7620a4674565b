/**
 * The part of Node-RED's embedding API (`require('node-red')`, see its `lib/red.js`) that the
 * benchmark uses. Node-RED ships no type declarations.
 */
declare module 'node-red' {
  /** A node of a running flow. */
  export interface NodeRedNode {
    /** Emits `input` on the node with `msg`, as a message arriving on its input wire would. */
    receive(msg: object): void
  }

  interface NodeRed {
    /** Initialises the runtime; with `httpAdminRoot: false` neither the editor nor the admin API is set up. */
    init(settings: object): void
    /** Starts the runtime and the flows of `settings.flowFile`. */
    start(): Promise<void>
    stop(): Promise<void>
    /** The runtime's internal nodes module. */
    readonly nodes: { getNode(id: string): NodeRedNode | null }
  }

  const RED: NodeRed
  export default RED
}
