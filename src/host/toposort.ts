// Dependency order for extensions: dependencies first, otherwise the order the candidates came in
// (so load order is stable and predictable from the config).

export interface TopoNode {
  name: string
  dependencies: readonly string[]
}

export interface TopoResult {
  /** Every node not in a cycle, dependencies before dependents. */
  order: string[]
  /** Nodes that cannot load: `missing dependency "x"` or `dependency cycle: a → b → a`. */
  failed: Map<string, string>
}

export function toposort(nodes: readonly TopoNode[]): TopoResult {
  const byName = new Map(nodes.map((node) => [node.name, node]))
  const failed = new Map<string, string>()

  for (const node of nodes) {
    const missing = node.dependencies.find((dep) => !byName.has(dep))
    if (missing !== undefined) failed.set(node.name, `missing dependency "${missing}"`)
  }

  const inCycle = cycleMembers(nodes, byName)
  for (const name of inCycle) {
    failed.set(name, `dependency cycle: ${shortestCycle(name, byName, inCycle).join(" → ")}`)
  }

  const order: string[] = []
  const placed = new Set<string>()
  const place = (node: TopoNode) => {
    if (placed.has(node.name) || inCycle.has(node.name)) return
    placed.add(node.name)
    for (const dep of node.dependencies) {
      const target = byName.get(dep)
      if (target) place(target)
    }
    order.push(node.name)
  }
  for (const node of nodes) place(node)
  return { order, failed }
}

/** Names on some cycle: members of strongly connected components larger than one, or with a self-loop (Tarjan). */
function cycleMembers(nodes: readonly TopoNode[], byName: Map<string, TopoNode>): Set<string> {
  const members = new Set<string>()
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  let counter = 0

  const visit = (name: string) => {
    index.set(name, counter)
    low.set(name, counter++)
    stack.push(name)
    onStack.add(name)
    for (const dep of byName.get(name)?.dependencies ?? []) {
      if (!byName.has(dep)) continue
      if (!index.has(dep)) {
        visit(dep)
        low.set(name, Math.min(low.get(name)!, low.get(dep)!))
      } else if (onStack.has(dep)) low.set(name, Math.min(low.get(name)!, index.get(dep)!))
    }
    if (low.get(name) !== index.get(name)) return
    const component: string[] = []
    let popped: string | undefined
    do {
      popped = stack.pop()!
      onStack.delete(popped)
      component.push(popped)
    } while (popped !== name)
    const selfLoop = byName.get(name)?.dependencies.includes(name) ?? false
    if (component.length > 1 || selfLoop) for (const member of component) members.add(member)
  }

  for (const node of nodes) if (!index.has(node.name)) visit(node.name)
  return members
}

/** The shortest path from `start` back to itself through its dependencies (breadth-first), for the reason text. */
function shortestCycle(start: string, byName: Map<string, TopoNode>, inCycle: Set<string>): string[] {
  const previous = new Map<string, string>()
  const queue = [start]
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i]!
    for (const dep of byName.get(name)?.dependencies ?? []) {
      if (!inCycle.has(dep)) continue
      if (dep === start) {
        const path = [start]
        for (let at: string | undefined = name; at !== undefined && at !== start; at = previous.get(at)) path.push(at)
        // path is start, then the chain walked backwards; reverse the chain and close the loop.
        return [start, ...path.slice(1).reverse(), start]
      }
      if (!previous.has(dep) && dep !== start) {
        previous.set(dep, name)
        queue.push(dep)
      }
    }
  }
  return [start, start]
}
