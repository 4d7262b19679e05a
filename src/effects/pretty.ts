/**
 * R's `pretty(x, n)`: about n + 1 equally spaced "round" values (1, 2 or 5 × 10^k apart) covering
 * the range of x, with R's defaults (min.n = n %/% 3, shrink.sml = 0.75, high.u.bias = 1.5,
 * u5.bias = 0.5 + 1.5 × high.u.bias): the cell dx/n is rounded up to a unit 10^⌊log₁₀ cell⌋ × {1, 2,
 * 5, 10}, preferring the larger unit unless it overshoots by more than the biases allow; the range
 * is widened to multiples of the unit and, if that gives fewer than min.n intervals, widened
 * symmetrically. Also ggeffects' `pretty_range` for the values of a numeric focal term.
 */
import { notTheResult } from "../messages/args.js";

/** R's pretty(range(x), n). */
export function pretty(lo0: number, up0: number, n = 5): number[] {
  const minN = Math.floor(n / 3), shrink = 0.75, h = 1.5, h5 = 0.5 + 1.5 * h;
  const roundingEps = 1e-10;
  const dx = up0 - lo0;
  let cell: number, small: boolean;
  if (dx === 0 && up0 === 0) {
    cell = 1;
    small = true;
  } else {
    cell = Math.max(Math.abs(lo0), Math.abs(up0));
    const U = (1 + (h5 >= 1.5 * h + 0.5 ? 1 / (1 + h) : 1.5 / (1 + h5))) * Math.max(1, n) * Number.EPSILON;
    small = dx < cell * U * 3;
  }
  if (small) {
    if (cell > 10) cell = 9 + cell / 10;
    cell *= shrink;
    if (minN > 1) cell /= minN;
  } else {
    cell = dx;
    if (n > 1) cell /= n;
  }
  const base = 10 ** Math.floor(Math.log10(cell));
  let unit = base;
  if (2 * base - cell < h * (cell - unit)) {
    unit = 2 * base;
    if (5 * base - cell < h5 * (cell - unit)) {
      unit = 5 * base;
      if (10 * base - cell < h * (cell - unit)) unit = 10 * base;
    }
  }
  let ns = Math.floor(lo0 / unit + roundingEps), nu = Math.ceil(up0 / unit - roundingEps);
  while (ns * unit > lo0 + roundingEps * unit) ns--;
  while (nu * unit < up0 - roundingEps * unit) nu++;
  let k = Math.floor(0.5 + nu - ns);
  if (k < minN) {
    k = minN - k;
    if (ns >= 0) {
      nu += Math.floor(k / 2);
      ns -= Math.floor(k / 2) + (k % 2);
    } else {
      ns -= Math.floor(k / 2);
      nu += Math.floor(k / 2) + (k % 2);
    }
    k = minN;
  }
  const out: number[] = [];
  for (let i = 0; i <= k; i++) out.push(Number(((ns + i) * unit).toPrecision(15)));
  return out;
}

/** ggeffects' `pretty_range(x)`: the values at which a numeric focal term is shown. */
export function prettyRange(x: ArrayLike<number>): number[] {
  if (!Array.isArray(x) && !ArrayBuffer.isView(x)) throw notTheResult("prettyRange", "an array of numbers", x);
  let mn = Infinity, mx = -Infinity;
  const distinct = new Set<number>();
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) continue;
    mn = Math.min(mn, v);
    mx = Math.max(mx, v);
    distinct.add(v);
  }
  const nd = distinct.size;
  // ra <- seq(min, max, sqrt(max - min) / 10): only its length and range matter to pretty()
  const step = Math.sqrt(mx - mn) / 10;
  const lenRa = step > 0 ? Math.floor((mx - mn) / step + 1e-10) + 1 : 1;
  const raMax = mn + (lenRa - 1) * step;
  let pr = nd > 100 ? 3 : nd > 50 ? 5 : 10;
  pr = pr ** Math.floor(Math.log10(lenRa));
  const p1 = pretty(mn, raMax, pr), p2 = pretty(mn, raMax, Math.ceil(pr * 1.5)), p3 = pretty(mn, raMax, 2 * pr);
  if (p1.length >= nd) return p1;
  if (p1.length < 10 && p2.length < 25) return p2;
  if (p2.length < 15 && p3.length < 25) return p3;
  return p1;
}
