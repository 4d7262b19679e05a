/**
 * The fixed-effects design matrix X as R's `model.matrix`: an intercept column, then per term
 * the products of its variables' columns (numeric: one column; factor: its contrast or full
 * indicator coding), first variable varying fastest, named as R names coefficients.
 */
import type { Column, Frame } from "../data/types.js";
import { learnBasis, BASIS_FUNCTIONS, type Basis } from "../formula/bases.js";
import { evaluateColumn } from "../formula/evaluate.js";
import type { LinearSpec, Variable } from "../formula/types.js";
import { factorOneLevel, kindChanged, unseenLevel } from "../messages/formula.js";
import { codingFor, type Coding } from "./contrasts.js";
import { smoothBasis } from "./smooth/basis.js";

export { dropRankDeficient, type RankResult } from "./rank.js";

/** The fixed-effects design: R's column names and `assign`, and a builder of X for any frame. */
export interface FixedDesign {
  /** R's column names: "(Intercept)", "recipeB", "temp", "recipeB:temp", "I(age_s^2)", "lectage.L", ... */
  readonly names: readonly string[];
  /** Term index per column (0 = intercept, t = `termLabels[t - 1]`), R's `attr(X, "assign")`. */
  readonly assign: Int32Array;
  readonly p: number;
  /** Term labels in R's order ("recipe", "temp", "recipe:temp"). */
  readonly termLabels: readonly string[];
  readonly intercept: boolean;
  /**
   * Builds the n×p column-major matrix for a frame with the same columns (e.g. newdata), using
   * the training factor levels and contrasts; a factor level unseen in training is an error
   * naming it. Missing values give NaN entries.
   */
  matrix(frame: Frame): Float64Array;
}

/** What was learned about a variable from the training frame. */
type VarInfo =
  | { readonly kind: "numeric"; readonly v: Variable }
  /** poly/scale/ns/bs: the basis learned on the training frame, reused for any frame. */
  | { readonly kind: "basis"; readonly v: Variable; readonly basis: Basis }
  | { readonly kind: "factor"; readonly v: Variable; readonly levels: readonly string[]; readonly ordered: boolean };

/** One term's columns: a coding per variable (null for numeric). */
interface TermPlan {
  readonly vars: readonly number[]; // indices into VarInfo[]
  readonly codings: readonly (Coding | null)[];
}

/**
 * R's factor-coding rule (`TermCode` in R's model.c): a factor in a term gets contrasts when
 * the term without it is empty or is contained in an earlier term, else full indicator coding.
 * Without an intercept, the first factor of the first term that has a factor is fully coded.
 */
export function fullCodingFlags(termVars: readonly (readonly number[])[], isFactor: (k: number) => boolean, intercept: boolean): boolean[][] {
  const sets = termVars.map((t) => new Set(t));
  const flags = termVars.map((t, ti) =>
    t.map((k) => {
      const rest = t.filter((x) => x !== k);
      if (rest.length === 0) return false;
      for (let s = 0; s < ti; s++) if (rest.every((x) => sets[s]!.has(x))) return false;
      return true;
    }),
  );
  if (!intercept) {
    outer: for (let ti = 0; ti < termVars.length; ti++) {
      const t = termVars[ti]!;
      for (let j = 0; j < t.length; j++) {
        if (isFactor(t[j]!)) {
          flags[ti]![j] = true;
          break outer;
        }
      }
    }
  }
  return flags;
}

/** Factor codes of `col` mapped onto the training levels (-1 = missing). */
function alignCodes(col: Column, info: VarInfo & { kind: "factor" }): Int32Array {
  if (col.kind !== "factor") throw kindChanged(info.v.label, "a factor", "numeric");
  const same = col.levels.length === info.levels.length && col.levels.every((l, i) => l === info.levels[i]);
  if (same) return col.codes;
  const index = new Map(info.levels.map((l, i) => [l, i]));
  const map = col.levels.map((l) => index.get(l) ?? -2);
  const out = new Int32Array(col.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = col.codes[i]!;
    if (c < 0) {
      out[i] = -1;
      continue;
    }
    const m = map[c]!;
    if (m === -2) throw unseenLevel(info.v.label, col.levels[c]!, info.levels);
    out[i] = m;
  }
  return out;
}

/**
 * Builds the fixed-effects design of `spec` on `frame` (R's `model.matrix`): "(Intercept)" first
 * when present, then the terms in order. Unordered factors get treatment contrasts (columns
 * var+level for levels 2..k), ordered factors `contr.poly` (".L", ".Q", ".C", "^4", ...), a factor
 * whose term minus it is absent from the model gets all k indicator columns (R's rule, incl.
 * `0 + f`). Interaction columns are products with the first variable varying fastest, names
 * joined by ":". Uses the factors' full `levels` (drop unused levels before). A factor with
 * one level under contrasts throws LmeError("model"). With `treatment: true` ordered factors get
 * treatment contrasts too (R's `contrasts.arg = "contr.treatment"`: lmerTest's type-III remake).
 * `bases` gives data-dependent bases already learned elsewhere, by term label (a database source's
 * aggregation pass), instead of learning them on `frame`.
 */
export function buildFixedDesign(spec: LinearSpec, frame: Frame, opts: { readonly treatment?: boolean; readonly bases?: ReadonlyMap<string, Basis> } = {}): FixedDesign {
  const infos: VarInfo[] = [];
  const byLabel = new Map<string, number>();
  const termVars = spec.terms.map((t) =>
    t.vars.map((v) => {
      let k = byLabel.get(v.label);
      if (k === undefined) {
        k = infos.length;
        const e = v.expr.type === "paren" ? v.expr.expr : v.expr;
        if (e.type === "call" && BASIS_FUNCTIONS.has(e.fn)) infos.push({ kind: "basis", v, basis: opts.bases?.get(v.label) ?? learnBasis(e, frame) });
        else if (e.type === "call" && e.fn === "s") infos.push({ kind: "basis", v, basis: smoothBasis(e, frame) });
        else {
          const col = evaluateColumn(v.expr, frame, v.label);
          infos.push(col.kind === "factor" ? { kind: "factor", v, levels: col.levels, ordered: col.ordered } : { kind: "numeric", v });
        }
        byLabel.set(v.label, k);
      }
      return k;
    }),
  );
  const flags = fullCodingFlags(termVars, (k) => infos[k]!.kind === "factor", spec.intercept);
  const plans: TermPlan[] = termVars.map((vars, ti) => ({
    vars,
    codings: vars.map((k, j) => {
      const info = infos[k]!;
      if (info.kind !== "factor") return null;
      const full = flags[ti]![j]!;
      if (!full && info.levels.length < 2) throw factorOneLevel(info.v.label, info.levels);
      return codingFor(info.levels, info.ordered && !opts.treatment, full);
    }),
  }));

  const names: string[] = [];
  const assign: number[] = [];
  if (spec.intercept) {
    names.push("(Intercept)");
    assign.push(0);
  }
  plans.forEach((plan, ti) => {
    // per-variable column names, then their products with the first variable fastest
    let combos: string[] = [""];
    plan.vars.forEach((k, j) => {
      const label = infos[k]!.v.label;
      const coding = plan.codings[j];
      const info = infos[k]!;
      // a one-column basis is named by its label alone, as R's model.matrix ("poly(Days, 1)", "ns(Days)")
      const suffixes = coding ? coding.suffixes : info.kind === "basis" && (info.basis.suffixes.length > 1 || !["", "1"].includes(info.basis.suffixes[0]!)) ? info.basis.suffixes : [""];
      const own = suffixes.map((s) => label + s);
      const next: string[] = [];
      for (const o of own) for (const c of combos) next.push(c === "" ? o : `${c}:${o}`);
      combos = next;
    });
    for (const c of combos) {
      names.push(c);
      assign.push(ti + 1);
    }
  });
  const p = names.length;

  const matrix = (data: Frame): Float64Array => {
    const n = data.nrow;
    const X = new Float64Array(n * p);
    const cache = new Map<number, Float64Array | Int32Array>();
    const valuesOf = (k: number): Float64Array | Int32Array => {
      let got = cache.get(k);
      if (got) return got;
      const info = infos[k]!;
      if (info.kind === "basis") {
        // the basis columns one after another (column-major n×m), training parameters
        const cols = info.basis.columns(data);
        got = new Float64Array(n * cols.length);
        cols.forEach((c, j) => got!.set(c, j * n));
        cache.set(k, got);
        return got;
      }
      const col = evaluateColumn(info.v.expr, data, info.v.label);
      if (info.kind === "numeric") {
        if (col.kind !== "numeric") throw kindChanged(info.v.label, "numeric", "a factor");
        got = col.values;
      } else got = alignCodes(col, info);
      cache.set(k, got);
      return got;
    };
    let c = 0;
    if (spec.intercept) {
      X.fill(1, 0, n);
      c = 1;
    }
    const term = new Float64Array(n);
    for (const plan of plans) {
      const arrays = plan.vars.map(valuesOf);
      const widths = plan.codings.map((cd, j) => {
        const info = infos[plan.vars[j]!]!;
        return cd ? cd.m : info.kind === "basis" ? info.basis.suffixes.length : 1;
      });
      const ncol = widths.reduce((a, b) => a * b, 1);
      const idx = new Array<number>(widths.length).fill(0);
      for (let col = 0; col < ncol; col++) {
        term.fill(1);
        plan.vars.forEach((_, j) => {
          const cd = plan.codings[j];
          const a = arrays[j]!;
          if (!cd) {
            const off = widths[j]! > 1 ? idx[j]! * n : 0; // a basis column
            for (let i = 0; i < n; i++) term[i] = term[i]! * a[off + i]!;
          }
          else {
            const off = idx[j]! * cd.k;
            for (let i = 0; i < n; i++) {
              const code = a[i]!;
              term[i] = code < 0 ? NaN : term[i]! * cd.values[off + code]!;
            }
          }
        });
        X.set(term, (c + col) * n);
        for (let j = 0; j < idx.length; j++) {
          if (++idx[j]! < widths[j]!) break;
          idx[j] = 0;
        }
      }
      c += ncol;
    }
    return X;
  };

  return {
    names,
    assign: Int32Array.from(assign),
    p,
    termLabels: spec.terms.map((t) => t.label),
    intercept: spec.intercept,
    matrix,
  };
}
