#!/usr/bin/env node
// Seeded generator of retail-like crossed data (issue 17): clients and items with skewed activity
// (gamma-distributed propensities: a few very popular items, most clients with few rows), one
// covariate x ~ N(0, 1), and
//   y = 1 + 0.3 x + u_client + v_item + ε            (design b; binary: 1{logit⁻¹(η) > U})
//   y = 1 + 0.3 x + u_a + w_a x + v_b + ε            (design a: `(x | a) + (1 | b)`)
// Every level occurs at least once (row i < levels is given level i), so the numbers of levels
// are exactly as asked. Deterministic in the seed (xoshiro128** + Box–Muller + Marsaglia–Tsang).
//
//   node bench/retail-gen.mjs --design a|b|c|d [--n N] [--out FILE.csv]   (writes CSV + .schema.json)
//   import { generate, DESIGNS } from "./retail-gen.mjs"                  (typed arrays, no per-row objects)

/** The benchmark designs of issue 17 (n rows, levels of the first and second factor). */
export const DESIGNS = {
  a: { n: 1_000_000, g1: "a", l1: 10_000, g2: "b", l2: 1_000, slope: true, binary: false, shape1: 2, shape2: 2,
    formula: "y ~ x + (x | a) + (1 | b)" },
  b: { n: 1_000_000, g1: "client", l1: 150_000, g2: "item", l2: 2_000, slope: false, binary: false, shape1: 1, shape2: 0.5,
    formula: "y ~ x + (1 | client) + (1 | item)" },
  c: { n: 5_000_000, g1: "client", l1: 762_000, g2: "item", l2: 6_300, slope: false, binary: false, shape1: 1, shape2: 0.5,
    formula: "y ~ x + (1 | client) + (1 | item)" },
  d: { n: 1_000_000, g1: "client", l1: 150_000, g2: "item", l2: 2_000, slope: false, binary: true, shape1: 1, shape2: 0.5,
    formula: "y ~ x + (1 | client) + (1 | item)" },
};

/** xoshiro128** seeded through splitmix32; returns uniform(0,1) with 32 random bits. */
export function rng(seed) {
  let s = seed >>> 0;
  const sm = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = sm(), b = sm(), c = sm(), d = sm();
  return () => {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
    return (r + 0.5) / 2 ** 32;
  };
}

function normal(u) {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) { const v = spare; spare = NaN; return v; }
    const r = Math.sqrt(-2 * Math.log(u())), t = 2 * Math.PI * u();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
}

function gamma(u, z, shape) {
  if (shape < 1) return gamma(u, z, shape + 1) * u() ** (1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x, v;
    do { x = z(); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x ** 4 || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Cumulative propensities for inverse-CDF sampling of levels. */
function cumulative(u, z, levels, shape) {
  const cum = new Float64Array(levels);
  let s = 0;
  for (let l = 0; l < levels; l++) cum[l] = s += gamma(u, z, shape);
  for (let l = 0; l < levels; l++) cum[l] /= s;
  return cum;
}

function draw(cum, r) {
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] < r) lo = mid + 1; else hi = mid; }
  return lo;
}

/**
 * Generates a design's data: { n, x, y (Float64Array), codes1, codes2 (Int32Array, 0-based), g1, g2 (names) }.
 * Options override the design's fields (n, l1, l2, seed).
 */
export function generate(design, opts = {}) {
  const D = { ...DESIGNS[design], ...opts };
  const u = rng(opts.seed ?? 17), z = normal(u);
  const { n, l1, l2 } = D;
  const c1 = cumulative(u, z, l1, D.shape1), c2 = cumulative(u, z, l2, D.shape2);
  const u1 = new Float64Array(l1), w1 = new Float64Array(l1), v2 = new Float64Array(l2);
  for (let l = 0; l < l1; l++) { u1[l] = 0.5 * z(); w1[l] = 0.2 * z(); }
  for (let l = 0; l < l2; l++) v2[l] = 0.4 * z();
  const x = new Float64Array(n), y = new Float64Array(n), codes1 = new Int32Array(n), codes2 = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = i < l1 ? i : draw(c1, u()), b = i < l2 ? i : draw(c2, u());
    const xi = Math.round(z() * 1e6) / 1e6;
    const eta = 1 + 0.3 * xi + u1[a] + (D.slope ? w1[a] * xi : 0) + v2[b];
    codes1[i] = a; codes2[i] = b; x[i] = xi;
    y[i] = D.binary ? (u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0) : Math.round((eta + z()) * 1e6) / 1e6;
  }
  return { ...D, design, x, y, codes1, codes2 };
}

const pad = (prefix, k, width) => prefix + String(k + 1).padStart(width, "0");

/** Level labels that sort like their codes (R's factor() sorts levels as strings). */
export function levelNames(prefix, count) {
  const w = String(count).length;
  return Array.from({ length: count }, (_, k) => pad(prefix, k, w));
}

/** The data as an lme4ts Frame (factor columns as Int32Array codes: no per-row objects). */
export function toFrame(d) {
  const f1 = { kind: "factor", name: d.g1, codes: d.codes1, levels: levelNames(d.g1[0], d.l1), ordered: false };
  const f2 = { kind: "factor", name: d.g2, codes: d.codes2, levels: levelNames(d.g2[0], d.l2), ordered: false };
  const columns = new Map([["y", { kind: "numeric", name: "y", values: d.y }], ["x", { kind: "numeric", name: "x", values: d.x }],
    [d.g1, f1], [d.g2, f2]]);
  return { nrow: d.n, names: [...columns.keys()], columns };
}

/** Writes the data as CSV (streamed in chunks) and its .schema.json next to it. */
export async function writeCsv(d, file) {
  const { createWriteStream, writeFileSync } = await import("node:fs");
  const out = createWriteStream(file);
  const n1 = levelNames(d.g1[0], d.l1), n2 = levelNames(d.g2[0], d.l2);
  const write = (s) => new Promise((res) => (out.write(s) ? res() : out.once("drain", res)));
  await write(`y,x,${d.g1},${d.g2}\n`);
  const CH = 65536;
  for (let i0 = 0; i0 < d.n; i0 += CH) {
    let s = "";
    for (let i = i0; i < Math.min(d.n, i0 + CH); i++) s += `${d.y[i]},${d.x[i]},${n1[d.codes1[i]]},${n2[d.codes2[i]]}\n`;
    await write(s);
  }
  await new Promise((res) => out.end(res));
  writeFileSync(file.replace(/\.csv$/, "") + ".schema.json", JSON.stringify({ name: d.design, nrow: d.n, columns: [
    { name: "y", type: "numeric" }, { name: "x", type: "numeric" },
    { name: d.g1, type: "factor", levels: n1 }, { name: d.g2, type: "factor", levels: n2 }] }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2), get = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
  const design = get("--design") ?? "b", o = {};
  for (const k of ["n", "l1", "l2", "seed"]) if (get(`--${k}`)) o[k] = Number(get(`--${k}`));
  const d = generate(design, o);
  const file = get("--out") ?? `bench/results/retail-${design}-${d.n}.csv`;
  await writeCsv(d, file);
  console.log(`${file}: ${d.n} rows, ${d.l1} ${d.g1} x ${d.l2} ${d.g2}; ${d.formula}`);
}
