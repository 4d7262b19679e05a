/**
 * Multiplicity adjustments of p-values, as emmeans applies them within each `by` group:
 * - "tukey": P(Q_{k,ν} > √2 |t|) with k the number of means compared (studentized range); for
 *   a family that is not all pairwise comparisons emmeans switches to "sidak", and so do we;
 * - "dunnettx": emmeans' approximation of Dunnett's test, 1 − [w·P(Q ≤ √2|t|; k*, ν) +
 *   (1 − w)·F₁,ν(t²)^m] with m the number of contrasts, w = (m − 1)/m, k* = (1 + √(1 + 8m))/2;
 * - "sidak": 1 − (1 − p)^m; and R's p.adjust methods "bonferroni", "holm", "hochberg", "BH"
 *   ("fdr"), "BY", "none" over the m contrasts of the group.
 * A group with one contrast is not adjusted (emmeans' rule).
 */
import { ptTwoSided, pfUpper } from "../inference/ddf.js";
import { ptukeyUpper } from "../inference/distributions.js";
import { requireShape } from "../model/args.js";

/** The adjustment methods. */
export type AdjustMethod = "tukey" | "dunnettx" | "sidak" | "bonferroni" | "holm" | "hochberg" | "BH" | "fdr" | "BY" | "none";
export const ADJUST_METHODS: readonly AdjustMethod[] = ["tukey", "dunnettx", "sidak", "bonferroni", "holm", "hochberg", "BH", "fdr", "BY", "none"];

/** R's p.adjust over one family. */
export function pAdjust(p: readonly number[], method: "bonferroni" | "holm" | "hochberg" | "BH" | "fdr" | "BY" | "none"): number[] {
  requireShape("pAdjust", p, "an array of p-values", ["[]"]);
  const n = p.length;
  const order = p.map((_, i) => i);
  const clamp = (x: number) => Math.min(1, x);
  if (method === "none") return p.slice();
  if (method === "bonferroni") return p.map((x) => clamp(n * x));
  const out = new Array<number>(n);
  if (method === "holm") {
    order.sort((a, b) => p[a] - p[b]);
    let run = 0;
    order.forEach((i, r) => (out[i] = run = Math.max(run, clamp((n - r) * p[i]))));
    return out;
  }
  order.sort((a, b) => p[b] - p[a]); // decreasing
  const q = method === "BY" ? order.reduce((s, _, i) => s + 1 / (i + 1), 0) : 1;
  let run = Infinity;
  order.forEach((i, r) => {
    const rank = n - r; // rank in increasing order
    const v = method === "hochberg" ? (n - rank + 1) * p[i] : (q * n * p[i]) / rank;
    out[i] = run = Math.min(run, clamp(v));
  });
  return out;
}

/** Adjusted two-sided p-values of one family of contrasts (t ratios with their df). */
export function adjustFamily(t: readonly number[], df: readonly number[], method: AdjustMethod, nMeans: number, allPairwise: boolean): { p: number[]; method: AdjustMethod } {
  const m = t.length;
  let meth: AdjustMethod = m === 1 ? "none" : method;
  if (meth === "tukey" && !allPairwise) meth = "sidak";
  const raw = t.map((x, i) => ptTwoSided(x, df[i]));
  switch (meth) {
    case "tukey":
      return { p: t.map((x, i) => ptukeyUpper(Math.SQRT2 * Math.abs(x), nMeans, df[i])), method: meth };
    case "sidak":
      return { p: raw.map((x) => 1 - (1 - x) ** m), method: meth };
    case "dunnettx": {
      const w = (m - 1) / m, kStar = (1 + Math.sqrt(1 + 8 * m)) / 2;
      return {
        p: t.map((x, i) => {
          const tukeyLower = 1 - ptukeyUpper(Math.SQRT2 * Math.abs(x), kStar, df[i]);
          const fLower = 1 - pfUpper(x * x, 1, df[i]);
          return 1 - (w * tukeyLower + (1 - w) * fLower ** m);
        }),
        method: meth,
      };
    }
    default:
      return { p: pAdjust(raw, meth), method: meth };
  }
}
