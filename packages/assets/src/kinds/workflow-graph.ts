import jsonata from 'jsonata'
import { type Issue, issue } from '../issues.ts'
import { prop } from '../validate/schema-pointer.ts'

/** The parts of a workflow the graph rules read. Values may be unresolved macros, which never match. */
export interface GraphNode {
  id: string
  type: string
  routes?: readonly { name: string; when: string }[]
  otherwise?: string
  expression?: string
}
export interface GraphLink {
  from: string
  to: string
}

/** The output ports of a node: `out` for most, one per route (plus `default`) for a route. */
export function outputPorts(node: GraphNode): string[] {
  if (node.type === 'sink') return []
  if (node.type !== 'route') return ['out']
  const names = (node.routes ?? []).map((r) => r.name)
  return node.otherwise === 'drop' ? names : [...names, 'default']
}

/** True when a node accepts incoming links (every node but a source). */
export function hasInput(node: GraphNode): boolean {
  return node.type !== 'source'
}

/** Splits `node.port` into its parts; a bare `node` means its `out` port. */
export function parseEndpoint(from: string): { node: string; port: string } {
  const dot = from.indexOf('.')
  return dot < 0 ? { node: from, port: 'out' } : { node: from.slice(0, dot), port: from.slice(dot + 1) }
}

/**
 * The graph rules of a workflow: unique node ids, links between existing ports, at least one
 * source, every output port linked, no cycles, every sink and processor reachable from a source,
 * an error sink that is a sink, and JSONata expressions that parse. Paths are relative to `spec`.
 */
export function graphIssues(
  nodes: readonly GraphNode[],
  links: readonly GraphLink[],
  errorSink?: string,
): Issue[] {
  const issues: Issue[] = []
  const byId = new Map<string, GraphNode>()
  nodes.forEach((node, i) => {
    if (byId.has(node.id))
      issues.push(issue('graph.duplicate-node', ['nodes', i, 'id'], `node id "${node.id}" is used twice`))
    else byId.set(node.id, node)
    issues.push(...expressionIssues(node, i))
  })
  if (!nodes.some((n) => n.type === 'source')) {
    issues.push(
      issue('graph.no-source', ['nodes'], 'a workflow needs at least one source node to start from'),
    )
  }
  const edges = new Map<string, string[]>()
  const linkedPorts = new Set<string>()
  links.forEach((link, i) => {
    const problem = linkIssue(link, i, byId)
    if (problem) {
      issues.push(problem)
      return
    }
    const { node: fromId, port } = parseEndpoint(link.from)
    linkedPorts.add(`${fromId}.${port}`)
    edges.set(fromId, [...(edges.get(fromId) ?? []), link.to])
  })
  nodes.forEach((node, i) => {
    if (byId.get(node.id) !== node) return
    for (const port of outputPorts(node)) {
      if (!linkedPorts.has(`${node.id}.${port}`)) {
        issues.push(
          issue(
            'graph.unconnected-port',
            ['nodes', i],
            `output "${port}" of "${node.id}" is not linked; messages would have nowhere to go`,
          ),
        )
      }
    }
  })
  issues.push(...cycleIssues(nodes, edges), ...reachabilityIssues(nodes, edges, errorSink))
  if (errorSink !== undefined && byId.get(errorSink)?.type !== 'sink') {
    issues.push(
      issue('graph.dangling-link', ['errorSink'], `"${errorSink}" is not a sink node of this workflow`),
    )
  }
  return issues
}

function linkIssue(link: GraphLink, index: number, byId: Map<string, GraphNode>): Issue | undefined {
  const { node: fromId, port } = parseEndpoint(link.from)
  const from = byId.get(fromId)
  const to = byId.get(link.to)
  const nodes = [...byId.keys()].join(', ')
  if (!from)
    return issue('graph.dangling-link', ['links', index, 'from'], `no node "${fromId}"; nodes: ${nodes}`)
  const ports = outputPorts(from)
  if (!ports.includes(port)) {
    const has = ports.length ? `its ports are ${ports.join(', ')}` : 'it has no outputs'
    return issue(
      'graph.dangling-link',
      ['links', index, 'from'],
      `node "${fromId}" has no output port "${port}": ${has}`,
    )
  }
  if (!to)
    return issue('graph.dangling-link', ['links', index, 'to'], `no node "${link.to}"; nodes: ${nodes}`)
  if (!hasInput(to))
    return issue('graph.dangling-link', ['links', index, 'to'], `"${link.to}" is a source and takes no input`)
  return undefined
}

function expressionIssues(node: GraphNode, index: number): Issue[] {
  const found: Issue[] = []
  const check = (expression: string | undefined, path: (string | number)[]) => {
    if (expression === undefined) return
    try {
      jsonata(expression)
    } catch (error) {
      const message = prop(error, 'message')
      const position = prop(error, 'position')
      const at = typeof position === 'number' ? ` (at character ${position})` : ''
      found.push(issue('expression.syntax', path, `JSONata: ${String(message ?? error)}${at}`))
    }
  }
  check(node.expression, ['nodes', index, 'expression'])
  node.routes?.forEach((route, r) => {
    check(route.when, ['nodes', index, 'routes', r, 'when'])
  })
  return found
}

function cycleIssues(nodes: readonly GraphNode[], edges: Map<string, string[]>): Issue[] {
  const state = new Map<string, 'open' | 'done'>()
  const cycles: string[][] = []
  const visit = (id: string, trail: string[]) => {
    if (state.get(id) === 'done') return
    if (state.get(id) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(id)), id])
      return
    }
    state.set(id, 'open')
    for (const next of edges.get(id) ?? []) visit(next, [...trail, id])
    state.set(id, 'done')
  }
  for (const node of nodes) visit(node.id, [])
  return cycles.map((cycle) => issue('graph.cycle', ['links'], `links form a cycle: ${cycle.join(' → ')}`))
}

function reachabilityIssues(
  nodes: readonly GraphNode[],
  edges: Map<string, string[]>,
  errorSink?: string,
): Issue[] {
  const reached = new Set<string>()
  const queue = nodes.filter((n) => n.type === 'source').map((n) => n.id)
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (reached.has(id)) continue
    reached.add(id)
    queue.push(...(edges.get(id) ?? []))
  }
  const issues: Issue[] = []
  nodes.forEach((node, i) => {
    if (reached.has(node.id) || node.type === 'source' || node.id === errorSink) return
    issues.push(
      node.type === 'sink'
        ? issue('graph.unreachable-sink', ['nodes', i], `sink "${node.id}" is not reached from any source`)
        : issue('graph.unreachable-node', ['nodes', i], `"${node.id}" is not reached from any source`),
    )
  })
  return issues
}
