/**
 * Summaries of an `influence()` result, as lme4's methods on `influence.merMod`, and
 * `cooksDistance` for either a result or a model.
 *
 * - `dfbeta(infl)`: β₍₋ⱼ₎ − β̂ per deleted unit j (which = "var.cov": the variance-component
 *   changes).
 * - `dfbetas(infl)`: dfbeta divided by the standard errors of the DELETED fit,
 *   (β₍₋ⱼ₎ − β̂)ₖ / √vcov(β₍₋ⱼ₎)ₖₖ.
 * - `cooksDistance(infl)`: Dⱼ = (n − p)/(n p) · dⱼᵀ V⁻¹ dⱼ with dⱼ = dfbeta row j, V the full
 *   fit's vcov(β̂), n the number of deleted units and p the number of fixed effects.
 *   Caveat (lme4's definition, kept so the numbers agree): the factor uses the number of units,
 *   so with n ≤ p (e.g. 15 replicates and 18 fixed effects) every distance is ≤ 0 and only their
 *   ranking means anything; `influence()` adds a warning then.
 */
import { kernels, trsvLower } from "../linalg/index.js";
import { badWhich, notInfluence, vcovNotPD } from "../messages/influence.js";
import { renderable } from "../results/renderable.js";
import { isInfluence, type InfluenceMerMod } from "./influence.js";
import { cooksDistanceModel, type MerModel } from "./hatvalues.js";
import { requireShape } from "../model/args.js";

/** A matrix of per-unit values (rows = deleted units). */
export interface UnitTable {
  readonly kind: "influenceTable";
  /** What the values are ("dfbeta", "dfbetas", "cooks"). */
  readonly what: string;
  readonly groups: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** One array per row. */
  readonly values: readonly Float64Array[];
  readonly warnings: readonly string[];
}

function table(infl: InfluenceMerMod, what: string, columns: readonly string[], values: Float64Array[]): UnitTable {
  return renderable("influenceTable", { kind: "influenceTable" as const, what, groups: infl.groups, rows: infl.deleted, columns, values, warnings: [] });
}

function check(x: unknown, fn: string): asserts x is InfluenceMerMod {
  if (!isInfluence(x)) throw notInfluence(fn);
}

/** lme4's `dfbeta(infl, which)`: changes of the fixed effects (or variance components) per deleted unit. */
export function dfbeta(infl: InfluenceMerMod, which: "fixed" | "var.cov" = "fixed"): UnitTable {
  check(infl, "dfbeta");
  if (which !== "fixed" && which !== "var.cov") throw badWhich(which);
  const full = which === "fixed" ? infl.fixed : infl.varcomp;
  const sub = which === "fixed" ? infl.fixedDeleted : infl.varcompDeleted;
  return table(infl, which === "fixed" ? "dfbeta" : "dfbeta (variance components)", which === "fixed" ? infl.fixedNames : infl.varcompNames, sub.map((r) => r.map((v, k) => v - full[k])));
}

/** lme4's `dfbetas(infl)`: dfbeta over the deleted fit's standard errors. */
export function dfbetas(infl: InfluenceMerMod): UnitTable {
  check(infl, "dfbetas");
  const p = infl.fixed.length;
  const values = infl.fixedDeleted.map((r, j) => r.map((v, k) => (v - infl.fixed[k]) / Math.sqrt(infl.vcovDeleted[j][k + k * p])));
  return table(infl, "dfbetas", infl.fixedNames, values);
}

/** Cook's distances per deleted unit (lme4's `cooks.distance.influence.merMod`; see the module doc). */
function cooksInfluence(infl: InfluenceMerMod): Float64Array {
  const p = infl.fixed.length, n = infl.deleted.length;
  const L = Float64Array.from(infl.vcov);
  if (kernels().potrf(L, p) !== 0) throw vcovNotPD();
  const x = new Float64Array(p), factor = (n - p) / (n * p);
  return Float64Array.from(infl.fixedDeleted, (r) => {
    for (let k = 0; k < p; k++) x[k] = r[k] - infl.fixed[k];
    trsvLower(L, p, x); // ‖L⁻¹d‖² = dᵀV⁻¹d
    let s = 0;
    for (let k = 0; k < p; k++) s += x[k] * x[k];
    return factor * s;
  });
}

/**
 * Cook's distance, as R's `cooks.distance`: of each deleted unit for an `influence()` result
 * (in the order of `infl.deleted`; when there are no more units than fixed effects the values
 * are ≤ 0 and `infl.warnings` says so), or of each observation for a fitted model (lme4's
 * `cooks.distance.merMod`, the one-step hat-value formula; see `cooksDistanceModel`).
 */
export function cooksDistance(x: InfluenceMerMod | MerModel): Float64Array {
  if (isInfluence(x)) return cooksInfluence(x);
  const k = (x as { kind?: unknown } | null)?.kind;
  if (k === "lmerMod" || k === "glmerMod") return cooksDistanceModel(x as MerModel);
  throw notInfluence("cooksDistance");
}

/** One column of a per-unit table (by name or index), e.g. `unitColumn(dfbetas(infl), "period2")`. */
export function unitColumn(t: UnitTable, column: string | number = 0): Float64Array {
  requireShape("unitColumn", t, "a table of influence measures", ["columns"]);
  const k = typeof column === "number" ? column : t.columns.indexOf(column);
  return Float64Array.from(t.values, (r) => (k >= 0 ? r[k] : NaN));
}
