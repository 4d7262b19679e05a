/**
 * Estimated marginal means (R's emmeans): for each combination of the `specs` factors (within each
 * `by` group), the average of the reference-grid predictions over the other factors, with equal
 * weights (default) or weights proportional to the other factors' marginal frequencies in the
 * data (`weights: "proportional"`). Each mean is a linear function ℓᵀβ̂ with
 * SE = √(ℓᵀVℓ) and df from the model's df method (`inference.ts`); intervals are
 * ℓᵀβ̂ ± t_{df, 1−α/2} SE. For GLMMs with `type: "response"` the mean is back-transformed,
 * μ = g⁻¹(ℓᵀβ̂), with delta-method SE |dμ/dη| SE and the link-scale interval back-transformed
 * (emmeans' `regrid`-free summary). The column of the estimate is named as emmeans names it:
 * `emmean` (link scale or LMMs), `prob` (binomial), `rate` (poisson), `response` (others).
 */
import type { MerMod } from "../results/update.js";
import { renderable } from "../results/renderable.js";
import { requireFittedModel } from "../model/args.js";
import { LmeError } from "../messages/error.js";
import { emmeansMsg } from "../messages/emmeans.js";
import { qtUpper } from "../inference/distributions.js";
import { refGrid, type RefGridOptions } from "./refGrid.js";
import { linearInference, quad, type EmmDf, type LinearInference } from "./inference.js";


/** Options of `emmeans`. */
export interface EmmeansOptions extends RefGridOptions {
  readonly by?: string | readonly string[];
  readonly weights?: "equal" | "proportional";
  /** lmer fits: "kenward-roger" (default, as emmeans), "satterthwaite", "asymptotic". */
  readonly df?: EmmDf;
  /** GLMMs: "link" (default) or "response". */
  readonly type?: "link" | "response";
  /** Confidence level, default 0.95. */
  readonly level?: number;
}

/** One marginal mean: the factor levels, then the estimate under its emmeans name, SE, df, limits. */
export type EmmRow = Readonly<Record<string, string | number>>;

/** The result of `emmeans`: rows plus what contrasts need (the linear functions, covariance, df). */
export interface EmmGrid {
  readonly kind: "emmGrid";
  readonly specs: readonly string[];
  readonly by: readonly string[];
  /** "emmean", "prob", "rate" or "response". */
  readonly estimateName: string;
  readonly type: "link" | "response";
  readonly level: number;
  readonly rows: readonly EmmRow[];
  /** Link-scale linear functions ℓ (one per row, p entries). */
  readonly linfct: readonly (readonly number[])[];
  /** Link-scale estimates and SEs per row. */
  readonly link: { readonly estimate: readonly number[]; readonly SE: readonly number[]; readonly df: readonly number[] };
  /** Spec-level labels per row (one per spec factor) and the by-group key per row. */
  readonly labels: readonly (readonly string[])[];
  readonly byKey: readonly string[];
  readonly byLevels: readonly (readonly string[])[];
  readonly dfMethod: EmmDf;
  readonly model: MerMod;
  readonly notes: readonly string[];
}

const KNOWN = ["by", "at", "weights", "df", "type", "level"];

/** Parses specs: "f", ["f", "g"], "~ f", "~ f | g", "~ f * g". */
function parseSpecs(specs: unknown): { specs: string[]; by: string[] } {
  if (Array.isArray(specs) && specs.every((s) => typeof s === "string" && s.trim())) return { specs: specs.map((s) => s.trim()), by: [] };
  if (typeof specs !== "string" || !specs.trim()) throw new LmeError("usage", emmeansMsg.badSpecs(specs));
  const s = specs.trim().replace(/^~/, "");
  const [left, right] = s.split("|");
  const split = (x: string) => x.split(/[+*:]/).map((t) => t.trim()).filter(Boolean);
  const out = { specs: split(left), by: right ? split(right) : [] };
  if (!out.specs.length) throw new LmeError("usage", emmeansMsg.badSpecs(specs));
  return out;
}

/** Estimated marginal means (see the module comment). */
export function emmeans(m: MerMod, specs: string | readonly string[], opts: EmmeansOptions = {}): EmmGrid {
  requireFittedModel("emmeans", m);
  if (opts === null || typeof opts !== "object") throw new LmeError("usage", emmeansMsg.badOption("emmeans", "options", opts, "an object"));
  for (const k of Object.keys(opts)) if (!KNOWN.includes(k)) throw new LmeError("usage", emmeansMsg.unknownOption("emmeans", k, KNOWN));
  const parsed = parseSpecs(specs);
  const by = [...parsed.by, ...(opts.by === undefined ? [] : typeof opts.by === "string" ? [opts.by] : [...opts.by])];
  const weights = opts.weights ?? "equal";
  if (weights !== "equal" && weights !== "proportional") throw new LmeError("usage", emmeansMsg.badOption("emmeans", "weights", weights, '"equal" or "proportional"'));
  const level = opts.level ?? 0.95;
  if (typeof level !== "number" || !(level > 0 && level < 1)) throw new LmeError("usage", emmeansMsg.badOption("emmeans", "level", level, "a number strictly between 0 and 1"));
  const type = opts.type ?? "link";
  if (type !== "link" && type !== "response") throw new LmeError("usage", emmeansMsg.badOption("emmeans", "type", type, '"link" or "response"'));
  if (type === "response" && m.kind === "lmerMod") throw new LmeError("usage", emmeansMsg.typeForLmm());
  const dfOpt = opts.df ?? (m.kind === "lmerMod" ? "kenward-roger" : "asymptotic");
  if (!["kenward-roger", "satterthwaite", "asymptotic"].includes(dfOpt)) throw new LmeError("usage", emmeansMsg.badOption("emmeans", "df", dfOpt, '"kenward-roger", "satterthwaite" or "asymptotic"'));
  if (m.kind === "glmerMod" && opts.df !== undefined && opts.df !== "asymptotic") throw new LmeError("usage", emmeansMsg.dfForGlmm(opts.df));

  const grid = refGrid(m, { at: opts.at });
  const factorNames = grid.predictors.filter((p) => p.kind !== "covariate").map((p) => p.name);
  const idx = (name: string) => {
    const j = grid.predictors.findIndex((p) => p.name === name && p.kind !== "covariate");
    if (j < 0) throw new LmeError("usage", emmeansMsg.notAFactor(name, factorNames));
    return j;
  };
  const specIdx = parsed.specs.map(idx), byIdx = by.map(idx);
  const levelsOf = (j: number) => (grid.predictors[j] as { levels: readonly string[] }).levels;
  const groupDims = [...specIdx, ...byIdx];
  const sizes = groupDims.map((j) => levelsOf(j).length);
  const nOut = sizes.reduce((a, b) => a * b, 1);
  const averaged = grid.predictors.map((_, j) => j).filter((j) => !groupDims.includes(j));
  // proportional weights: marginal counts of the averaged-over factor combinations
  const margKey = (r: readonly number[]) => averaged.map((j) => r[j]).join(",");
  const marg = new Map<string, number>();
  grid.rows.forEach((r, g) => marg.set(margKey(r), (marg.get(margKey(r)) ?? 0) + grid.counts[g]));
  const p = m.beta.length;
  const inf: LinearInference = linearInference(m, dfOpt);
  const linfct: number[][] = [], labels: string[][] = [], byKey: string[] = [], byLevels: string[][] = [];
  for (let o = 0; o < nOut; o++) {
    let rem = o;
    const want = sizes.map((s) => {
      const i = rem % s;
      rem = Math.floor(rem / s);
      return i;
    });
    const l = new Array<number>(p).fill(0);
    let wsum = 0;
    grid.rows.forEach((r, g) => {
      if (!groupDims.every((j, d) => r[j] === want[d])) return;
      const w = weights === "equal" ? 1 : marg.get(margKey(r)) ?? 0;
      wsum += w;
      for (let k = 0; k < p; k++) l[k] += w * grid.X[g][k];
    });
    for (let k = 0; k < p; k++) l[k] /= wsum;
    linfct.push(l);
    labels.push(specIdx.map((j, d) => levelsOf(j)[want[d]]));
    const bl = byIdx.map((j, d) => levelsOf(j)[want[specIdx.length + d]]);
    byLevels.push(bl);
    byKey.push(bl.join("\u0001"));
  }
  const est = linfct.map((l) => l.reduce((s, v, k) => s + v * m.beta[k], 0));
  const se = linfct.map((l) => Math.sqrt(quad(l, inf.V)));
  const dfs = linfct.map((l) => inf.df(l));
  const fam = m.kind === "glmerMod" ? m.family : null;
  const estimateName = type === "response" && fam ? (fam.name === "binomial" ? "prob" : fam.name === "poisson" ? "rate" : "response") : "emmean";
  const rows: EmmRow[] = linfct.map((_, i) => {
    const tq = qtUpper((1 - level) / 2, dfs[i]);
    let e = est[i], s = se[i], lo = e - tq * s, hi = e + tq * s;
    if (estimateName !== "emmean" && fam) {
      const mu = fam.link.linkinv(e);
      s = Math.abs(fam.link.muEta(e)) * s;
      [lo, hi] = [fam.link.linkinv(lo), fam.link.linkinv(hi)].sort((a, b) => a - b);
      e = mu;
    }
    const r: Record<string, string | number> = {};
    parsed.specs.forEach((nm, d) => (r[nm] = labels[i][d]));
    by.forEach((nm, d) => (r[nm] = byLevels[i][d]));
    Object.assign(r, { [estimateName]: e, SE: s, df: dfs[i], lowerCL: lo, upperCL: hi });
    return r;
  });
  const notes: string[] = [];
  if (averaged.some((j) => grid.predictors[j].kind !== "covariate")) notes.push(`Results are averaged over the levels of: ${averaged.filter((j) => grid.predictors[j].kind !== "covariate").map((j) => grid.predictors[j].name).join(", ")}`);
  notes.push(`Degrees-of-freedom method: ${inf.method}`);
  if (estimateName !== "emmean") notes.push("Intervals are back-transformed from the link scale");
  const out = {
    kind: "emmGrid" as const, specs: parsed.specs, by, estimateName, type, level, rows, linfct,
    link: { estimate: est, SE: se, df: dfs }, labels, byKey, byLevels, dfMethod: inf.method, notes,
  };
  // the model rides along for contrasts, hidden from JSON and enumeration
  Object.defineProperty(out, "model", { value: m, enumerable: false });
  return renderable("emmGrid", out as typeof out & { readonly model: MerMod });
}
