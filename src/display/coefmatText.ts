/**
 * R's `printCoefmat` (stats, R 4.2) for a Wald table with columns Estimate, Std. Error, z value,
 * Pr(>|z|) — glmmTMB prints its conditional, zero-inflation and dispersion blocks with it
 * (digits = 4): estimates and standard errors rounded to max(1, digits − 1 − ⌊log₁₀ min |x|⌋)
 * decimals and formatted together; z values zapped (`zapsmall`) and rounded to 3 decimals;
 * p-values by `format.pval(digits = 3)`; significance stars when some p < 0.1, and the legend.
 */
import { signifStars } from "./anovaText.js";
import type { WaldRow } from "../results/summary.js";

/** One row of a Wald table (results/summary.ts's WaldRow). */
export type CoefRow = WaldRow;

/** (kpower, nsig) of |x| written with `digits` significant digits (R's scientific()). */
function sci(x: number, digits: number): { kp: number; nsig: number } {
  const s = Math.abs(x).toExponential(digits - 1);
  const e = s.indexOf("e");
  let mant = s[0] + s.slice(2, e);
  let end = mant.length;
  while (end > 1 && mant.charCodeAt(end - 1) === 48) end--;
  mant = mant.slice(0, end);
  return { kp: Number(s.slice(e + 1)), nsig: mant.length };
}

/**
 * R's `format(x, digits)` of a numeric vector: one layout for all elements, fixed notation with
 * the decimals the element needing most requires (each shown with up to `digits` significant
 * digits), or scientific when fixed is wider (scipen = 0).
 */
export function formatRVector(xs: readonly number[], digits: number): string[] {
  const fin = xs.filter((x) => Number.isFinite(x));
  if (fin.length === 0) return xs.map(String);
  let rgt = 0;
  let left = 1;
  let mxns = 1;
  let mxe = 0;
  let neg = 0;
  for (const x of fin) {
    if (x < 0) neg = 1;
    if (x === 0) continue;
    const { kp, nsig } = sci(x, digits);
    rgt = Math.max(rgt, nsig - kp - 1);
    left = Math.max(left, kp + 1);
    mxns = Math.max(mxns, nsig);
    mxe = Math.max(mxe, Math.abs(kp));
  }
  const wF = neg + left + (rgt > 0 ? rgt + 1 : 0);
  const wE = neg + (mxns > 1 ? mxns + 1 : mxns) + (mxe >= 100 ? 5 : 4);
  const one = (x: number): string => {
    if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf";
    if (wF <= wE) return x.toFixed(rgt);
    const [m, e] = x.toExponential(mxns - 1).split("e");
    const ex = Number(e);
    return `${m}e${ex < 0 ? "-" : "+"}${String(Math.abs(ex)).padStart(2, "0")}`;
  };
  const out = xs.map(one);
  const w = Math.max(...out.map((s) => s.length));
  return out.map((s) => s.padStart(w));
}

/** R's round(x, d) (half away from zero on the decimal value, as R ≥ 4.0.0 for these magnitudes). */
function roundTo(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/** R's format.pval(p, digits = 3, eps = .Machine$double.eps). */
export function formatPval(ps: readonly number[], digits = 3): string[] {
  const eps = 2.220446049250313e-16;
  const out = new Array<string>(ps.length).fill("");
  const idx = ps.map((_, i) => i).filter((i) => !(ps[i]! < eps));
  const fixp = idx.filter((i) => {
    const ex = Math.floor(Math.log10(ps[i]! > 0 ? ps[i]! : 1e-50));
    return ex >= -3 || (ex === -4 && digits > 1);
  });
  const rest = idx.filter((i) => !fixp.includes(i));
  for (const group of [fixp, rest]) {
    const f = formatRVector(group.map((i) => ps[i]!), digits).map((s) => s.trim());
    group.forEach((i, k) => (out[i] = f[k]!));
  }
  const is0 = ps.map((_, i) => i).filter((i) => ps[i]! < eps);
  if (is0.length) {
    let d = Math.max(1, digits - 2);
    let sep = d === 1 ? "" : " ";
    if (idx.length) {
      const nc = Math.max(...idx.map((i) => out[i]!.length));
      if (d > 1 && d + 6 > nc) d = Math.max(1, nc - 7);
      sep = d === 1 && nc <= 6 ? "" : " ";
    }
    const epsText = formatRVector([eps], d)[0]!.trim();
    for (const i of is0) out[i] = `<${sep}${epsText}`;
  }
  return out;
}

/** R 4.2's zapsmall(x, digits): round(x, max(0, digits − log₁₀ max|x|)), round() taking the nearest whole number of digits. */
function zapsmall(xs: readonly number[], digits: number): number[] {
  const mx = Math.max(0, ...xs.filter(Number.isFinite).map(Math.abs));
  const d = mx > 0 ? Math.floor(Math.max(0, digits - Math.log10(mx)) + 0.5) : digits;
  return xs.map((x) => roundTo(x, d));
}

const LEGEND = "Signif. codes:  0 ‘***’ 0.001 ‘**’ 0.01 ‘*’ 0.05 ‘.’ 0.1 ‘ ’ 1";

/** The lines glmmTMB prints for a Wald table (printCoefmat with digits = 4, zap.ind = 3). */
export function printCoefmat(rows: readonly CoefRow[], digits = 4): string[] {
  const cs = rows.flatMap((r) => [r.estimate, r.se]);
  const acs = cs.filter((x) => Number.isFinite(x) && x !== 0).map(Math.abs);
  const digmin = acs.length ? 1 + Math.floor(Math.log10(Math.min(...acs))) : 1;
  const dec = Math.max(1, digits - digmin);
  const rounded = rows.map((r) => [roundTo(r.estimate, dec), roundTo(r.se, dec)]);
  const f = formatRVector(rounded.flat(), digits);
  // an element that is not 0 but prints as 0 is formatted on its own with digits − 1
  const cells = rounded.flat().map((x, k) => (cs[k] !== 0 && Number(f[k]) === 0 ? formatRVector([cs[k]!], digits - 1)[0]! : f[k]!));
  const digTst = Math.max(1, Math.min(5, digits - 1));
  const z = formatRVector(zapsmall(rows.map((r) => r.z), digits).map((x) => roundTo(x, digTst)), digits);
  const p = formatPval(rows.map((r) => r.p), digTst);
  const stars = rows.some((r) => r.p < 0.1);
  const body = rows.map((r, i) => [r.name, cells[2 * i]!, cells[2 * i + 1]!, z[i]!, p[i]!, ...(stars ? [signifStars(r.p)] : [])]);
  const head = ["", "Estimate", "Std. Error", "z value", "Pr(>|z|)", ...(stars ? [""] : [])];
  const lines = tableRight([head, ...body], stars);
  if (stars) lines.push("---", LEGEND);
  return lines;
}

/** print.default of a character matrix with right-justified cells (row names left), stars column left. */
function tableRight(rows: string[][], stars: boolean): string[] {
  const w: number[] = [];
  for (const r of rows) r.forEach((c, j) => (w[j] = Math.max(w[j] ?? 0, c.length)));
  return rows.map((r) =>
    r.map((c, j) => (j === 0 ? c.padEnd(w[0]!) : stars && j === r.length - 1 ? c.padEnd(w[j]!) : c.padStart(w[j]!))).join(" "),
  );
}
