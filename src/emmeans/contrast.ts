/**
 * Contrasts of estimated marginal means (R's emmeans `contrast` and `pairs`), within each `by`
 * group of k means μ₁..μ_k (link scale):
 * - "pairwise": μ_i − μ_j for i < j; "revpairwise": μ_j − μ_i for i < j (listed by j, then i);
 * - "trt.vs.ctrl": μ_i − μ_ref for i ≠ ref (ref = 1 by default);
 * - custom weights `{ name: [w₁..w_k] }`: Σ w_i μ_i.
 * Each contrast is a linear function cᵀLβ̂ with SE √(cᵀLVLᵀc), df from the model's df method
 * (Kenward–Roger for lmer fits by default), t (or z when df = ∞) and a two-sided p-value
 * adjusted within the group (`adjust.ts`; defaults as emmeans: Tukey for pairwise, "dunnettx"
 * for trt.vs.ctrl, none for custom weights). Labels are "A - B" (levels of several factors joined
 * by a space; a factor with numeric-looking levels is prefixed with its name, "period1 - period2").
 * On the response scale of a log or logit link (means from `emmeans(..., { type: "response" })`,
 * or `type: "response"` here) differences become ratios exp(cᵀLβ̂) named `ratio` or `odds.ratio`
 * with delta-method SEs, labelled "A / B"; tests stay on the link scale (null ratio 1).
 */
import { renderable } from "../results/renderable.js";
import { LmeError } from "../messages/error.js";
import { emmeansMsg } from "../messages/emmeans.js";
import { qtUpper } from "../inference/distributions.js";
import { linearInference, quad } from "./inference.js";
import { adjustFamily, ADJUST_METHODS, type AdjustMethod } from "./adjust.js";
import type { EmmGrid } from "./emmeans.js";

/** A contrast method: a name or custom weights per contrast. */
export type ContrastMethod = "pairwise" | "revpairwise" | "trt.vs.ctrl" | Readonly<Record<string, readonly number[]>>;

/** Options of `contrast`. */
export interface ContrastOptions {
  readonly adjust?: AdjustMethod;
  /** trt.vs.ctrl: the control level (1-based index, default 1). */
  readonly ref?: number;
  /** "link" or "response" (default: the means' type). */
  readonly type?: "link" | "response";
  /** Also give confidence intervals at this level (unadjusted), as `confint`. */
  readonly level?: number;
}

/** One contrast row: contrast label, by levels, estimate (or ratio/odds.ratio), SE, df, tRatio | zRatio, p. */
export type ContrastRow = Readonly<Record<string, string | number>>;

/** The result of `contrast`. */
export interface ContrastTable {
  readonly kind: "emmContrast";
  readonly method: string;
  readonly adjust: string;
  readonly estimateName: string;
  readonly rows: readonly ContrastRow[];
  readonly notes: readonly string[];
}

/** A label part of one level: numeric-looking levels get the factor name prefixed (emmeans). */
function labelOf(emm: EmmGrid, labels: readonly string[]): string {
  return labels.map((lv, d) => {
    const f = emm.specs[d];
    const all = [...new Set(emm.labels.map((l) => l[d]))];
    return all.every((x) => x.trim() !== "" && Number.isFinite(Number(x))) ? `${f}${lv}` : lv;
  }).join(" ");
}

/** The contrast coefficient vectors over k means with their labels. */
function coefficients(method: ContrastMethod, k: number, lab: (i: number) => string, sep: string, ref: number): { name: string; w: number[] }[] {
  const e = (i: number, j: number) => Array.from({ length: k }, (_, t) => (t === i ? 1 : t === j ? -1 : 0));
  if (method === "pairwise") {
    const out = [];
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) out.push({ name: `${lab(i)}${sep}${lab(j)}`, w: e(i, j) });
    return out;
  }
  if (method === "revpairwise") {
    const out = [];
    for (let j = 1; j < k; j++) for (let i = 0; i < j; i++) out.push({ name: `${lab(j)}${sep}${lab(i)}`, w: e(j, i) });
    return out;
  }
  if (method === "trt.vs.ctrl") {
    const r = ref - 1;
    return [...Array(k).keys()].filter((i) => i !== r).map((i) => ({ name: `${lab(i)}${sep}${lab(r)}`, w: e(i, r) }));
  }
  return Object.entries(method).map(([name, w]) => {
    if (!Array.isArray(w) || w.length !== k || !w.every((x) => typeof x === "number" && Number.isFinite(x))) throw new LmeError("usage", emmeansMsg.weightsLength(name, Array.isArray(w) ? w.length : 0, k));
    return { name, w: [...w] };
  });
}

const KNOWN = ["adjust", "ref", "type", "level"];

/** Contrasts of marginal means (see the module comment). */
export function contrast(emm: EmmGrid, method: ContrastMethod = "pairwise", opts: ContrastOptions = {}): ContrastTable {
  if ((emm as { kind?: unknown } | null)?.kind !== "emmGrid") throw new LmeError("usage", emmeansMsg.notEmm("contrast"));
  for (const k of Object.keys(opts ?? {})) if (!KNOWN.includes(k)) throw new LmeError("usage", emmeansMsg.unknownOption("contrast", k, KNOWN));
  const named = typeof method === "string";
  if (named ? !["pairwise", "revpairwise", "trt.vs.ctrl"].includes(method) : method === null || typeof method !== "object" || Array.isArray(method))
    throw new LmeError("usage", emmeansMsg.badMethod(method));
  const adjust: AdjustMethod = opts.adjust ?? (method === "pairwise" || method === "revpairwise" ? "tukey" : method === "trt.vs.ctrl" ? "dunnettx" : "none");
  if (!ADJUST_METHODS.includes(adjust)) throw new LmeError("usage", emmeansMsg.badAdjust(adjust));
  const type = opts.type ?? emm.type;
  if (type !== "link" && type !== "response") throw new LmeError("usage", emmeansMsg.badOption("contrast", "type", type, '"link" or "response"'));
  const model = (emm as EmmGrid & { model: Parameters<typeof linearInference>[0] }).model;
  const linkName = model.kind === "glmerMod" ? model.family.link.name : "identity";
  const ratio = type === "response" && (linkName === "log" || linkName === "logit");
  const estimateName = ratio ? (linkName === "logit" ? "odds.ratio" : "ratio") : "estimate";
  const inf = linearInference(model, emm.dfMethod);
  const groups = [...new Set(emm.byKey)];
  const rows: ContrastRow[] = [];
  let used: AdjustMethod = adjust;
  for (const g of groups) {
    const members = emm.byKey.map((k, i) => (k === g ? i : -1)).filter((i) => i >= 0);
    const k = members.length;
    const ref = opts.ref ?? 1;
    if (!Number.isInteger(ref) || ref < 1 || ref > k) throw new LmeError("usage", emmeansMsg.refLevel(ref, k));
    const cs = coefficients(method, k, (i) => labelOf(emm, emm.labels[members[i]]), ratio ? " / " : " - ", ref);
    const p = emm.linfct[0].length;
    const fam = cs.map(({ name, w }) => {
      const l = Array.from({ length: p }, (_, t) => w.reduce((s, wi, i) => s + wi * emm.linfct[members[i]][t], 0));
      const est = w.reduce((s, wi, i) => s + wi * emm.link.estimate[members[i]], 0);
      const se = Math.sqrt(quad(l, inf.V));
      return { name, est, se, df: inf.df(l) };
    });
    const adj = adjustFamily(fam.map((f) => f.est / f.se), fam.map((f) => f.df), adjust, k, method === "pairwise" || method === "revpairwise");
    used = adj.method;
    fam.forEach((f, i) => {
      const r: Record<string, string | number> = { contrast: f.name };
      emm.by.forEach((nm, d) => (r[nm] = emm.byLevels[members[0]][d]));
      r[estimateName] = ratio ? Math.exp(f.est) : f.est;
      r.SE = ratio ? Math.exp(f.est) * f.se : f.se;
      r.df = f.df;
      if (opts.level !== undefined) {
        const tq = qtUpper((1 - opts.level) / 2, f.df);
        const lo = f.est - tq * f.se, hi = f.est + tq * f.se;
        r.lowerCL = ratio ? Math.exp(lo) : lo;
        r.upperCL = ratio ? Math.exp(hi) : hi;
      }
      r[Number.isFinite(f.df) ? "tRatio" : "zRatio"] = f.est / f.se;
      r.p = adj.p[i];
      rows.push(r);
    });
  }
  const notes = [`P value adjustment: ${used}${used === "tukey" ? " method for comparing a family of estimates" : ""}`];
  if (ratio) notes.push("Tests are performed on the link scale");
  return renderable("emmContrast", { kind: "emmContrast" as const, method: named ? (method as string) : "custom", adjust: used, estimateName, rows, notes });
}

/** All pairwise comparisons: `contrast(emm, "pairwise", opts)`. */
export function pairs(emm: EmmGrid, opts: ContrastOptions = {}): ContrastTable {
  return contrast(emm, "pairwise", opts);
}
