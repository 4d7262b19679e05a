/**
 * broom.mixed's `tidy()` for lme4 fits: one row per parameter, as an array of records whose keys are
 * broom.mixed's column names.
 *
 * - `fixed`: estimate β̂_j, std.error √vcov_jj, statistic β̂_j/se (t for LMMs, z for GLMMs), p.value
 *   for GLMMs only (2Φ(−|z|); broom.mixed gives none for lmerMod, whose df are unknown: use
 *   `anova`/`summaryWithDdf` for Satterthwaite or Kenward–Roger), and with `conf.int` Wald limits
 *   β̂ ± z_{(1+level)/2} se (broom.mixed's default `conf.method = "Wald"`).
 * - `ran_pars`: per grouping factor, in term order, sd__X then cor__X.Y for the later columns Y
 *   (the lower triangle by rows of the transposed correlation matrix, as broom.mixed prints it),
 *   then `sd__Observation` of the group "Residual" for models with a scale (LMMs, Gamma, ...).
 *   A repeated factor name is made unique as R's `make.unique` does ("Subject", "Subject.1").
 *   `scales: "vcov"` gives var__X and cov__X.Y instead. No standard errors (broom.mixed's NA).
 * - `ran_vals`: conditional modes per level with conditional sds (effect, group, level, term,
 *   estimate, std.error); `ran_coefs`: coef(m) per level (estimate only).
 * Missing values (broom.mixed's NA) are `null`, so JSON and DataFrames show them as missing.
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import type { MerMod } from "../results/update.js";
import { renderable } from "../results/renderable.js";
import { requireFittedModel } from "../model/args.js";
import { pnorm, qnorm } from "../glmm/family/special.js";
import { LmeError } from "../messages/error.js";
import { tidyMsg } from "../messages/tidy.js";


/** Which parameters `tidy` lists. */
export type TidyEffect = "fixed" | "ran_pars" | "ran_vals" | "ran_coefs";

/** Options of `tidy` (R's names and camelCase both accepted). */
export interface TidyOptions {
  /** Default ["ran_pars", "fixed"] (rows come fixed first, as broom.mixed's). */
  readonly effects?: TidyEffect | readonly TidyEffect[];
  readonly "conf.int"?: boolean;
  readonly confInt?: boolean;
  readonly "conf.level"?: number;
  readonly confLevel?: number;
  /** Random-effect parameters as standard deviations/correlations (default) or variances/covariances. */
  readonly scales?: "sdcor" | "vcov";
}

/** One row of `tidy` (keys as broom.mixed's columns; absent values are null). */
export interface TidyRow {
  readonly effect: TidyEffect;
  readonly group: string | null;
  readonly level?: string;
  readonly term: string;
  readonly estimate: number;
  readonly "std.error": number | null;
  readonly statistic?: number | null;
  readonly "p.value"?: number | null;
  readonly "conf.low"?: number | null;
  readonly "conf.high"?: number | null;
}

const EFFECTS: readonly TidyEffect[] = ["fixed", "ran_pars", "ran_vals", "ran_coefs"];

/** R's make.unique on group names. */
function makeUnique(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = seen.get(n);
    seen.set(n, (k ?? 0) + 1);
    return k === undefined ? n : `${n}.${k}`;
  });
}

function readOptions(opts: TidyOptions) {
  if (opts === null || typeof opts !== "object") throw new LmeError("usage", tidyMsg.badOptions);
  const known = new Set(["effects", "conf.int", "confInt", "conf.level", "confLevel", "scales"]);
  for (const k of Object.keys(opts)) if (!known.has(k)) throw new LmeError("usage", tidyMsg.unknownOption(k, [...known]));
  const eff = opts.effects === undefined ? (["ran_pars", "fixed"] as TidyEffect[]) : typeof opts.effects === "string" ? [opts.effects] : [...opts.effects];
  for (const e of eff) if (!EFFECTS.includes(e)) throw new LmeError("usage", tidyMsg.badEffect(String(e), EFFECTS));
  const confInt = opts["conf.int"] ?? opts.confInt ?? false;
  if (typeof confInt !== "boolean") throw new LmeError("usage", tidyMsg.badConfInt(confInt));
  const level = opts["conf.level"] ?? opts.confLevel ?? 0.95;
  if (typeof level !== "number" || !(level > 0 && level < 1)) throw new LmeError("usage", tidyMsg.badLevel(level));
  const scales = opts.scales ?? "sdcor";
  if (scales !== "sdcor" && scales !== "vcov") throw new LmeError("usage", tidyMsg.badScales(scales));
  return { eff, confInt, level, scales };
}

function fixedRows(m: MerMod, confInt: boolean, level: number): TidyRow[] {
  const se = m.se(), fe = m.fixef(), glmm = m.kind === "glmerMod";
  const z = qnorm(0.5 + level / 2);
  return m.fixefNames.map((term) => {
    const est = fe[term], s = se[term], stat = est / s;
    const row: Record<string, unknown> = { effect: "fixed", group: null, term, estimate: est, "std.error": s, statistic: stat };
    if (glmm) row["p.value"] = 2 * pnorm(-Math.abs(stat));
    if (confInt) Object.assign(row, { "conf.low": est - z * s, "conf.high": est + z * s });
    return row as unknown as TidyRow;
  });
}

function ranParRows(m: MerMod, scales: "sdcor" | "vcov", confInt: boolean): TidyRow[] {
  const vc = m.VarCorr();
  const groups = makeUnique(vc.map((b) => b.group));
  const rows: TidyRow[] = [];
  const extra = (): Record<string, null> => ({ statistic: null, ...(confInt ? { "conf.low": null, "conf.high": null } : {}) });
  vc.forEach((b, k) => {
    const q = b.names.length;
    for (let i = 0; i < q; i++) {
      const sdTerm = scales === "sdcor" ? `sd__${b.names[i]}` : `var__${b.names[i]}`;
      const sd = scales === "sdcor" ? b.sd[i] : b.cov[i + i * q];
      rows.push({ effect: "ran_pars", group: groups[k], term: sdTerm, estimate: sd, "std.error": null, ...extra() });
      for (let j = i + 1; j < q; j++) {
        const est = scales === "sdcor" ? (b.corr ? b.corr[i][j] : NaN) : b.cov[i + j * q];
        rows.push({ effect: "ran_pars", group: groups[k], term: `${scales === "sdcor" ? "cor" : "cov"}__${b.names[i]}.${b.names[j]}`, estimate: est, "std.error": null, ...extra() });
      }
    }
  });
  const hasScale = m.kind === "lmerMod" || m.family.hasScale;
  if (hasScale) {
    const est = scales === "sdcor" ? m.sigma : m.sigma ** 2;
    rows.push({ effect: "ran_pars", group: "Residual", term: scales === "sdcor" ? "sd__Observation" : "var__Observation", estimate: est, "std.error": null, ...extra() });
  }
  return rows;
}

function ranValRows(m: MerMod): TidyRow[] {
  return m.ranef({ condVar: true }).flatMap((g) =>
    g.names.flatMap((term, j) =>
      g.levels.map((level, l) => ({ effect: "ran_vals" as const, group: g.group, level, term, estimate: g.values[l][j], "std.error": g.condsd ? g.condsd[l][j] : null })),
    ),
  );
}

type CoefGroup = { group: string; levels: readonly string[]; names: string[]; values: number[][] };

function ranCoefRows(m: MerMod): TidyRow[] {
  const coef = (m as { coef?: () => CoefGroup[] }).coef;
  if (typeof coef !== "function") throw new LmeError("usage", tidyMsg.noCoef);
  return coef.call(m).flatMap((g) =>
    g.names.flatMap((term, j) => g.levels.map((level, l) => ({ effect: "ran_coefs" as const, group: g.group, level, term, estimate: g.values[l][j], "std.error": null }))),
  );
}

/** The parameters of a fit as broom.mixed's `tidy` rows (see the module comment). */
export function tidy(m: MerMod, opts: TidyOptions = {}): TidyRow[] {
  requireFittedModel("tidy", m);
  const { eff, confInt, level, scales } = readOptions(opts);
  const rows: TidyRow[] = [];
  if (eff.includes("fixed")) rows.push(...fixedRows(m, confInt, level));
  if (eff.includes("ran_pars")) rows.push(...ranParRows(m, scales, confInt));
  if (eff.includes("ran_vals")) rows.push(...ranValRows(m));
  if (eff.includes("ran_coefs")) rows.push(...ranCoefRows(m));
  return renderable("tidy", rows);
}
