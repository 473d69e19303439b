/**
 * Linear-time graph helpers for the disclosure audit of one- and two-way tables
 * (disclosure.ts, networkAudit): strongly connected components of a directed graph and
 * the bridges of an undirected multigraph, both iterative (a table of tens of thousands
 * of cells would overflow the stack if recursive).
 */

/** An arc to a node, labelled with the id of the entry it stands for. */
export type Arc = readonly [to: number, id: number];

/** The strongly connected component of each node (Tarjan's algorithm), over arcs not skipped. */
export function strongComponents(
  nodes: number,
  out: readonly (readonly Arc[])[],
  skip: (id: number) => boolean = () => false,
): Int32Array {
  const index = new Int32Array(nodes).fill(-1);
  const low = new Int32Array(nodes);
  const comp = new Int32Array(nodes).fill(-1);
  const onStack = new Uint8Array(nodes);
  const stack: number[] = [];
  const next = new Int32Array(nodes); // the next arc of each node to look at
  let counter = 0;
  let comps = 0;
  for (let root = 0; root < nodes; root++) {
    if (index[root] !== -1) continue;
    const call: number[] = [root];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (call.length) {
      const v = call[call.length - 1];
      const arcs = out[v];
      if (next[v] < arcs.length) {
        const [w, id] = arcs[next[v]++];
        if (skip(id)) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          call.push(w);
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      call.pop();
      if (call.length) {
        const parent = call[call.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        let x: number;
        do {
          x = stack.pop()!;
          onStack[x] = 0;
          comp[x] = comps;
        } while (x !== v);
        comps++;
      }
    }
  }
  return comp;
}

/** The ids of the edges of an undirected multigraph whose removal disconnects their ends (parallel edges are never bridges). */
export function bridges(nodes: number, edges: readonly (readonly [u: number, w: number, id: number])[]): Set<number> {
  const adj: Arc[][] = Array.from({ length: nodes }, () => []);
  for (const [u, w, id] of edges) {
    adj[u].push([w, id]);
    adj[w].push([u, id]);
  }
  const index = new Int32Array(nodes).fill(-1);
  const low = new Int32Array(nodes);
  const next = new Int32Array(nodes);
  const viaEdge = new Int32Array(nodes).fill(-1);
  const out = new Set<number>();
  let counter = 0;
  for (let root = 0; root < nodes; root++) {
    if (index[root] !== -1 || !adj[root].length) continue;
    const call: number[] = [root];
    index[root] = low[root] = counter++;
    while (call.length) {
      const v = call[call.length - 1];
      if (next[v] < adj[v].length) {
        const [w, id] = adj[v][next[v]++];
        if (id === viaEdge[v]) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          viaEdge[w] = id;
          call.push(w);
        } else low[v] = Math.min(low[v], index[w]);
        continue;
      }
      call.pop();
      if (call.length) {
        const parent = call[call.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
        if (low[v] > index[parent]) out.add(viaEdge[v]);
      }
    }
  }
  return out;
}
