/**
 * The simulated data of scripts/kr-large-refs.R, generated identically in TypeScript: the
 * Park–Miller minimal standard LCG (s ← 16807 s mod 2³¹−1, exact in doubles on both sides) and
 * normals as sums of 12 uniforms − 6, drawn in the same order as the R script.
 * y = 2 + 0.5x + f effect + b_g0 + b_g1 x + b_h + ε with g (150 levels, balanced), h (36 levels,
 * random), x uniform on (0, 4), f a 3-level factor; n = 5400.
 */
export function krLargeData(): Record<string, number | string>[] {
  let s = 20261202;
  const lcg = () => { s = (16807 * s) % 2147483647; return s / 2147483647; };
  const nrm = () => { let t = 0; for (let k = 0; k < 12; k++) t += lcg(); return t - 6; };
  const n = 5400, ng = 150, nh = 36;
  const bg0: number[] = [], bg1: number[] = [], bh: number[] = [];
  for (let j = 0; j < ng; j++) { bg0.push(0.8 * nrm()); bg1.push(0.25 * nrm()); }
  for (let j = 0; j < nh; j++) bh.push(0.5 * nrm());
  const fx = [0, 0.3, -0.2];
  const rows: Record<string, number | string>[] = [];
  for (let i = 0; i < n; i++) {
    const g = i % ng, h = Math.floor(lcg() * nh), x = 4 * lcg(), f = i % 3;
    const y = 2 + 0.5 * x + fx[f] + bg0[g] + bg1[g] * x + bh[h] + nrm();
    rows.push({ y, x, f: `f${f}`, g: `g${String(g).padStart(3, "0")}`, h: `h${String(h).padStart(2, "0")}` });
  }
  return rows;
}
