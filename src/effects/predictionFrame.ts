/**
 * Effect (marginal prediction) frames as ggeffects' `ggpredict(model, terms, type = "fixed")`: the
 * typical-values grid — a numeric focal term at its sorted distinct values when it has fewer than
 * 20 (else, for the first term, ggeffects' pretty range; for the second and third, when they have
 * 10 or more distinct values, mean − sd, mean, mean + sd), a factor at all its levels, values given
 * in brackets ("temp [180, 200]") instead;
 * other covariates at their means and other factors at their reference (first) level — and at
 * each grid point the population-level prediction with its standard error and confidence interval
 * (`predictSe.ts`: response scale for GLMMs, std.error on the link scale, as ggeffects).
 * Rows are ordered by x, then group, then facet.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { renderable } from "../results/renderable.js";
import { refGrid } from "../emmeans/refGrid.js";
import { qtUpper } from "../inference/distributions.js";
import { LmeError } from "../messages/error.js";
import { resultsMsg } from "../messages/results.js";
import { prettyRange } from "./pretty.js";

/** One row of a prediction frame (ggeffects' columns). */
export interface PredictionFrameRow {
  readonly x: number | string;
  readonly predicted: number;
  readonly "std.error": number;
  readonly "conf.low": number;
  readonly "conf.high": number;
  readonly group: string;
  readonly facet?: string;
}

/** A prediction frame: rows plus the names of the terms and the response, for plots. */
export interface PredictionFrame {
  readonly kind: "predictionFrame";
  readonly terms: readonly string[];
  readonly response: string;
  /** Whether x is numeric (line + ribbon) or a factor (points + error bars). */
  readonly xNumeric: boolean;
  readonly level: number;
  readonly rows: readonly PredictionFrameRow[];
}

/** Parses "name" or "name [v1, v2, ...]". */
function parseTerm(t: string): { name: string; values?: string[] } {
  const m = /^\s*([^[\s]+)\s*(?:\[(.*)\])?\s*$/.exec(t);
  if (!m) throw new LmeError("usage", resultsMsg.pfTerms(t));
  return { name: m[1], values: m[2] === undefined ? undefined : m[2].split(",").map((s) => s.trim()).filter(Boolean) };
}

/** ggeffects' typical-values grid and predictions (see the module comment). */
export function predictionFrame(m: LmerMod | GlmerMod, terms: string | readonly string[], opts: { level?: number } = {}): PredictionFrame {
  const list = typeof terms === "string" ? [terms] : [...(terms ?? [])];
  if (!list.length || list.length > 3 || !list.every((t) => typeof t === "string")) throw new LmeError("usage", resultsMsg.pfTerms(terms));
  const focal = list.map(parseTerm);
  const level = opts.level ?? 0.95;
  const frame = m.input.mf.frame;
  const base = refGrid(m);
  const known = base.predictors.map((p) => p.name);
  const at: Record<string, (number | string)[]> = {};
  focal.forEach((f, i) => {
    const pred = base.predictors.find((p) => p.name === f.name);
    if (!pred) throw new LmeError("usage", resultsMsg.pfUnknown(f.name, known));
    if (pred.kind === "covariate") {
      const col = frame.columns.get(f.name)!;
      const xs = col.kind === "numeric" ? col.values : new Float64Array(0);
      const distinct = [...new Set(xs)].sort((a, b) => a - b);
      if (f.values) at[f.name] = f.values.map(Number);
      else if (i === 0 || distinct.length < 10) at[f.name] = distinct.length < 20 ? distinct : prettyRange(xs);
      else {
        let s = 0, s2 = 0;
        for (const v of xs) (s += v), (s2 += v * v);
        const mean = s / xs.length, sd = Math.sqrt((s2 - xs.length * mean * mean) / (xs.length - 1));
        at[f.name] = [mean - sd, mean, mean + sd].map((v) => Number(v.toFixed(2)));
      }
    } else if (f.values) at[f.name] = f.values;
  });
  for (const p of base.predictors)
    if (!focal.some((f) => f.name === p.name) && p.kind !== "covariate") at[p.name] = [p.levels[0]];
  const grid = refGrid(m, { at });
  const idx = focal.map((f) => grid.predictors.findIndex((p) => p.name === f.name));
  const labelOf = (j: number, r: readonly number[]) => {
    const p = grid.predictors[j];
    return p.kind === "covariate" ? p.values[r[j]] : p.levels[r[j]];
  };
  const V = m.vcov().matrix;
  const df = m.kind === "lmerMod" ? m.nobs - m.df : Infinity;
  const q = qtUpper((1 - level) / 2, df);
  const link = m.kind === "glmerMod" ? m.family.link : null;
  const order = grid.rows.map((_, g) => g).sort((a, b) => {
    for (const j of idx) if (grid.rows[a][j] !== grid.rows[b][j]) return grid.rows[a][j] - grid.rows[b][j];
    return 0;
  });
  const rows: PredictionFrameRow[] = order.map((g) => {
    const x = grid.X[g];
    let eta = 0, v = 0;
    for (let a = 0; a < x.length; a++) {
      eta += x[a] * m.beta[a];
      for (let b = 0; b < x.length; b++) v += x[a] * V[a][b] * x[b];
    }
    const se = Math.sqrt(v);
    const tr = (e: number) => (link ? link.linkinv(e) : e);
    const lo = tr(eta - q * se), hi = tr(eta + q * se);
    const r = grid.rows[g];
    const row: Record<string, number | string> = {
      x: labelOf(idx[0], r), predicted: tr(eta), "std.error": se, "conf.low": Math.min(lo, hi), "conf.high": Math.max(lo, hi),
      group: idx.length > 1 ? String(labelOf(idx[1], r)) : "1",
    };
    if (idx.length > 2) row.facet = String(labelOf(idx[2], r));
    return row as unknown as PredictionFrameRow;
  });
  const xNumeric = grid.predictors[idx[0]].kind === "covariate";
  return renderable("predictionFrame", { kind: "predictionFrame" as const, terms: focal.map((f) => f.name), response: m.input.formula.responseLabel ?? "y", xNumeric, level, rows });
}
