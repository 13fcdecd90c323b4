// The kustomizations' dependency graph, drawn from dependsOn: one column per depth (a kustomization sits right of
// everything it depends on), an arrow from each dependency to its dependent; a dependency on a name that does not
// exist is drawn dashed.
const NS = 'http://www.w3.org/2000/svg';
const W = 170;
const H = 40;
const GAP_X = 60;
const GAP_Y = 20;

function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export function depths(kustomizations) {
  const depth = {};
  const visiting = new Set();
  const of = (name) => {
    if (depth[name] !== undefined) return depth[name];
    if (!kustomizations[name] || visiting.has(name)) return -1; // missing, or a cycle
    visiting.add(name);
    const deps = (kustomizations[name].dependsOn || []);
    depth[name] = deps.length ? 1 + Math.max(...deps.map(of)) : 0;
    visiting.delete(name);
    return depth[name];
  };
  Object.keys(kustomizations).forEach(of);
  return depth;
}

export function dependencyGraph(kustomizations, states) {
  const names = Object.keys(kustomizations);
  const depth = depths(kustomizations);
  const missing = [...new Set(names.flatMap((n) => kustomizations[n].dependsOn || []))].filter((d) => !kustomizations[d]);
  const columns = [];
  missing.forEach((m) => (columns[0] = columns[0] || []).push(m));
  const shift = missing.length ? 1 : 0;
  names.forEach((n) => { const c = Math.max(depth[n], 0) + shift; (columns[c] = columns[c] || []).push(n); });
  const pos = {};
  columns.forEach((col, x) => (col || []).forEach((n, y) => { pos[n] = {x: 10 + x * (W + GAP_X), y: 10 + y * (H + GAP_Y)}; }));
  const width = 20 + columns.length * (W + GAP_X) - GAP_X;
  const height = 20 + Math.max(1, ...columns.map((c) => (c || []).length)) * (H + GAP_Y) - GAP_Y;
  const summary = names.map((n) => n + ((kustomizations[n].dependsOn || []).length ? ' depends on ' +
    kustomizations[n].dependsOn.join(', ') : ' depends on nothing')).join('; ');
  const root = svg('svg', {viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'graph',
    'aria-label': 'Dependency graph: ' + (summary || 'no kustomizations')});
  root.append(svg('title', {}, 'Kustomization dependencies'));
  const defs = svg('defs', {});
  const marker = svg('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8,
    orient: 'auto-start-reverse'});
  marker.append(svg('path', {d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head'}));
  defs.append(marker);
  root.append(defs);
  for (const n of names) {
    for (const d of kustomizations[n].dependsOn || []) {
      const a = pos[d];
      const b = pos[n];
      root.append(svg('line', {x1: a.x + W, y1: a.y + H / 2, x2: b.x, y2: b.y + H / 2, class: 'edge',
        'marker-end': 'url(#arrow)'}));
    }
  }
  for (const n of [...missing, ...names]) {
    const g = svg('g', {class: 'node ' + (kustomizations[n] ? 'state-' + (states[n] || 'Unknown') : 'missing'),
      'data-name': n});
    g.append(svg('rect', {x: pos[n].x, y: pos[n].y, width: W, height: H, rx: 6}));
    const label = n.length > 22 ? n.slice(0, 21) + '…' : n;
    g.append(svg('text', {x: pos[n].x + 8, y: pos[n].y + 17}, label));
    g.append(svg('text', {x: pos[n].x + 8, y: pos[n].y + 32, class: 'sub'},
      kustomizations[n] ? (states[n] || 'Unknown') : 'missing'));
    g.append(svg('title', {}, n));
    root.append(g);
  }
  return root;
}
