/** Number formatting helpers shared by the text renderers (R-like output). */

/** Formats with `digits` significant digits, like R's signif/format (no exponent for moderate values). */
export function fmtSig(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const mag = Math.floor(Math.log10(Math.abs(x)));
  if (mag >= 15 || mag < -5) return rExponential(x, digits - 1);
  const dec = Math.max(0, digits - 1 - mag);
  return x.toFixed(Math.min(dec, 15));
}

/** Formats a column of numbers with a common number of decimals (R's format on a vector). */
export function fmtColumn(xs: readonly number[], digits = 4): string[] {
  const finite = xs.filter((x) => Number.isFinite(x) && x !== 0);
  const maxMag = finite.length ? Math.max(...finite.map((x) => Math.floor(Math.log10(Math.abs(x))))) : 0;
  const minMag = finite.length ? Math.min(...finite.map((x) => Math.floor(Math.log10(Math.abs(x))))) : 0;
  const dec = Math.min(10, Math.max(0, digits - 1 - Math.max(minMag, maxMag - digits + 1)));
  return xs.map((x) => (Number.isFinite(x) ? x.toFixed(dec) : String(x)));
}

/** Pads cells of a table (array of rows) to column widths; `align` per column. */
export function table(rows: readonly (readonly string[])[], align: readonly ("l" | "r")[]): string[] {
  const w: number[] = [];
  for (const r of rows) r.forEach((c, j) => (w[j] = Math.max(w[j] ?? 0, c.length)));
  return rows.map((r) => r.map((c, j) => (align[j] === "l" ? c.padEnd(w[j]) : c.padStart(w[j]))).join(" ").trimEnd());
}

/** R-style exponential notation: at least two exponent digits ("3.26e-06", "1.2e+15"). */
export function rExponential(x: number, fractionDigits: number): string {
  return x.toExponential(fractionDigits).replace(/e([+-])(\d)$/, "e$10$2");
}

/**
 * R's `formatC(x, digits = d)` for a double: C's "%{d+1}.{d}g" (d significant digits, trailing
 * zeros dropped, exponent form below 1e-4 or from 10^d, right-aligned in d + 1 characters);
 * glmmTMB prints its dispersion parameter so (" 7.8", "3.28", "84.9", "   1").
 */
export function formatCg(x: number, digits: number): string {
  let s: string;
  if (!Number.isFinite(x)) s = String(x);
  else if (x === 0) s = "0";
  else {
    const e = Number(x.toExponential(digits - 1).split("e")[1]);
    if (e < -4 || e >= digits) s = rExponential(x, digits - 1).replace(/\.?0+e/, "e");
    else {
      s = x.toFixed(digits - 1 - e);
      if (s.includes(".")) s = s.replace(/\.?0+$/, "");
    }
  }
  return s.padStart(digits + 1);
}
