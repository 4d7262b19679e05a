/**
 * glmmTMB's families and models beyond h1's negative binomials on the Laplace engine: the beta
 * and betabinomial families, zero-inflation (`ziformula`, poisson / nbinom1 / nbinom2) and
 * dispersion models (`dispformula`, gaussian / nbinom1 / nbinom2 / beta / betabinomial). Each is
 * an `obsLaplaceFamily` (glmm/family/obsFamily.ts) whose parameters are the zero-inflation and
 * dispersion coefficients, estimated jointly with θ and β by `fitLaplace`.
 */
import type { MixedModelInput } from "../../model/lmmInput.js";
import type { GlmerOptions } from "../glmer.js";
import type { LaplaceFamily } from "../family/laplaceTypes.js";
import { isLaplaceFamilyName, makeLaplaceFamily } from "../family/nbinom.js";
import { obsLaplaceFamily, glmView, type ObsLaplaceFamily } from "../family/obsFamily.js";
import type { Family } from "../family/types.js";
import { plogis, pnorm } from "../family/special.js";
import { toFrame } from "../../data/index.js";
import type { DataInput } from "../../data/types.js";
import { OBS_SPECS } from "../family/obsSpecs.js";
import { extraDesign, extraVariables, parseExtraFormula, type ExtraDesign } from "../../model/extraDesign.js";
import { dispNotAvailable, extendedLink, truncatedNewdataDisp, ziNotAvailable, ziToZero } from "../../messages/family.js";

/** Families that only the Laplace engine fits (besides nbinom2/nbinom1). */
export const OBS_FAMILY_NAMES = ["beta", "betabinomial", "genpois", "compois", "truncated_poisson", "truncated_nbinom2"] as const;
const ZI_FAMILIES = ["poisson", "nbinom2", "nbinom1", "genpois", "compois", "truncated_poisson", "truncated_nbinom2"];
const DISP_FAMILIES = ["gaussian", "nbinom2", "nbinom1", "beta", "betabinomial", "genpois", "compois", "truncated_nbinom2"];

const familyName = (opts: GlmerOptions): string | null => (typeof opts.family === "string" ? opts.family : null);
const hasZi = (opts: GlmerOptions) => opts.ziformula != null && parseExtraFormula("ziformula", opts.ziformula) !== null;
const hasDisp = (opts: GlmerOptions) => opts.dispformula != null;

/** Does glmer fit `opts` with the Laplace engine (a Laplace family, or a zero-inflation / dispersion model)? */
export function usesLaplaceEngine(opts: GlmerOptions): boolean {
  const name = familyName(opts);
  return isLaplaceFamilyName(name) || (OBS_FAMILY_NAMES as readonly string[]).includes(name ?? "") || hasZi(opts) || hasDisp(opts);
}

/** Checks the family against ziformula / dispformula (before any data are read). */
export function checkExtendedOptions(opts: GlmerOptions): void {
  const name = familyName(opts) ?? (typeof opts.family === "object" && opts.family ? String((opts.family as { name?: unknown }).name) : "");
  if (hasZi(opts) && !ZI_FAMILIES.includes(name)) throw ziNotAvailable(name, ZI_FAMILIES);
  if (hasDisp(opts)) {
    parseExtraFormula("dispformula", opts.dispformula);
    if (!DISP_FAMILIES.includes(name)) throw dispNotAvailable(name, DISP_FAMILIES);
  }
  const spec = OBS_SPECS[name];
  if (spec && (hasZi(opts) || hasDisp(opts) || (OBS_FAMILY_NAMES as readonly string[]).includes(name))) {
    const link = typeof opts.link === "string" ? opts.link : null;
    if (link !== null && link !== spec.link.name) throw extendedLink(name, link, spec.link.name);
  }
}

/** The data columns ziformula and dispformula use (kept in the model frame's complete cases). */
export function extendedVariables(opts: GlmerOptions): string[] {
  const zi = opts.ziformula != null ? parseExtraFormula("ziformula", opts.ziformula) : null;
  const disp = opts.dispformula != null ? parseExtraFormula("dispformula", opts.dispformula) : null;
  return [...extraVariables(zi), ...extraVariables(disp)];
}

/** The Laplace family of a glmer call on `input`: h1's negative binomials, or an obsLaplaceFamily. */
export function laplaceFamilyFor(input: MixedModelInput, opts: GlmerOptions): LaplaceFamily {
  const name = familyName(opts)!;
  if (isLaplaceFamilyName(name) && !hasZi(opts) && !hasDisp(opts)) return makeLaplaceFamily(name, typeof opts.link === "string" ? opts.link : null);
  checkExtendedOptions(opts);
  const rowText = (i: number) => input.mf.rowText(input.mf.rows[i]!);
  const ziF = opts.ziformula != null ? parseExtraFormula("ziformula", opts.ziformula) : null;
  const dispF = opts.dispformula != null ? parseExtraFormula("dispformula", opts.dispformula) : null;
  return obsLaplaceFamily(OBS_SPECS[name]!, {
    zi: ziF ? extraDesign("ziformula", ziF, input.mf.frame, rowText) : null,
    disp: dispF ? extraDesign("dispformula", dispF, input.mf.frame, rowText) : null,
  });
}

/**
 * glmmTMB's predict(type = "zprob"): the probability pᵢ = logistic(X_zi,i β_zi) of a structural
 * zero at the data (`newdata` null: n values) or at new data (the ziformula design rebuilt with the
 * training levels and contrasts); null when `lf` has no zero-inflation model.
 */
export function zprobAt(lf: LaplaceFamily, par: Float64Array, newdata: DataInput | null, n: number): Float64Array | null {
  const zi = (lf as Partial<ObsLaplaceFamily>).zi;
  if (!zi) return null;
  if (!newdata) return (lf as ObsLaplaceFamily).zprobInto(par, new Float64Array(n));
  const frame = toFrame(newdata);
  const X = (zi as ExtraDesign).design.matrix(frame);
  const m = frame.nrow;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < zi.p; j++) s += X[i + j * m]! * par[j]!;
    out[i] = plogis(s);
  }
  return out;
}

/**
 * The distribution at `par` as a GLM family for the rows of `newdata` (simulate at new data):
 * pᵢ and φᵢ from the ziformula and dispformula designs rebuilt on the new rows. Null when `lf`
 * has neither model (its GLM view is the same for every row).
 */
export function glmViewAt(lf: LaplaceFamily, par: Float64Array, newdata: DataInput): Family | null {
  const o = lf as Partial<ObsLaplaceFamily>;
  if (!o.spec || (!o.zi && !o.disp)) return null;
  const frame = toFrame(newdata);
  const m = frame.nrow;
  const pz = zprobAt(lf, par, frame, m) ?? new Float64Array(m);
  const phi = new Float64Array(m).fill(o.spec.hasPhi ? Math.exp(par[o.zi ? o.zi.p : 0]!) : 1);
  if (o.disp) {
    const X = (o.disp as ExtraDesign).design.matrix(frame), off = o.zi ? o.zi.p : 0;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < o.disp.p; j++) s += X[i + j * m]! * par[off + j]!;
      phi[i] = Math.exp(s);
    }
  }
  return glmView(o.spec, phi, pz, lf.name);
}

/**
 * The conditional model's means in place of the link-scale means `mu` (in place), for a family
 * whose conditional mean is not μ: glmmTMB's predict(type = "conditional") of a truncated family,
 * μ/(1 − f(0)). Returns false (and leaves `mu`) for other families. φ per observation comes from
 * the dispersion model at the data; at new data with a dispersion model it is refused.
 */
export function conditionalMeanInPlace(lf: LaplaceFamily, par: Float64Array, mu: Float64Array, atData: boolean): boolean {
  const obs = lf as Partial<ObsLaplaceFamily>;
  const cm = obs.spec?.condMean;
  if (!cm) return false;
  if (!atData && obs.disp) throw truncatedNewdataDisp(lf.name);
  const phi = atData ? obs.phiInto!(par, new Float64Array(mu.length)) : new Float64Array(mu.length).fill(lf.dispersion(par));
  for (let i = 0; i < mu.length; i++) mu[i] = cm(mu[i]!, phi[i]!);
  return true;
}

/** Does `lf` have a dispersion model (dispformula) rather than a single dispersion parameter? */
export function hasDispModel(lf: LaplaceFamily): boolean {
  return Boolean((lf as Partial<ObsLaplaceFamily>).disp);
}

/**
 * Does `lf` have one dispersion parameter, printed on its own summary line ("Dispersion parameter
 * for … family")? Not without one (poisson, truncated_poisson: their parameters are the
 * zero-inflation coefficients only, as glmmTMB prints none) nor with a dispersion model.
 */
export function hasSingleDispersion(lf: LaplaceFamily): boolean {
  return !hasDispModel(lf) && lf.params.some((q) => !q.name.startsWith("zi~"));
}

/**
 * glmmTMB's "Zero-inflation model:" and "Dispersion model:" Wald tables of a fit: the family's
 * zi~ and disp~ coefficients with their standard errors (`parSe`, from the Hessian of the Laplace
 * deviance; NaN when it was not positive definite), z = estimate/se and p = 2Φ(−|z|). Empty for
 * families without those models (a single dispersion parameter is printed on its own line).
 */
export function extraModelBlocks(lf: LaplaceFamily, par: Float64Array, parSe: Float64Array | null): ExtraModelBlock[] {
  const rows = (prefix: string): WaldRow[] =>
    lf.params.flatMap((q, k) => {
      if (!q.name.startsWith(prefix)) return [];
      const se = parSe ? parSe[k]! : NaN;
      const z = par[k]! / se;
      return [{ name: q.name.slice(prefix.length), estimate: par[k]!, se, z, p: 2 * pnorm(-Math.abs(z)) }];
    });
  const out: ExtraModelBlock[] = [];
  const zi = rows("zi~");
  if (zi.length) out.push({ title: "Zero-inflation model:", rows: zi });
  const disp = rows("disp~");
  if (disp.length) out.push({ title: "Dispersion model:", rows: disp });
  return out;
}

/** One row of a Wald table: estimate, standard error, z = estimate/se, p = 2Φ(−|z|). */
export interface WaldRow {
  readonly name: string;
  readonly estimate: number;
  readonly se: number;
  readonly z: number;
  readonly p: number;
}

/** A coefficient block printed after the conditional model's, as glmmTMB titles it. */
export interface ExtraModelBlock {
  readonly title: "Zero-inflation model:" | "Dispersion model:";
  readonly rows: readonly WaldRow[];
}

/**
 * The warning for a zero-inflation model whose probability ran to 0 at every observation
 * (max pᵢ < 1e-4: the logit's estimate does not exist, glmmTMB reports a huge negative intercept
 * with a NaN or huge standard error); null otherwise, and for families without zero-inflation.
 */
export function ziVanishes(lf: LaplaceFamily, par: Float64Array, n: number): string | null {
  const zp = zprobAt(lf, par, null, n);
  if (!zp) return null;
  let mx = 0;
  for (let i = 0; i < n; i++) mx = Math.max(mx, zp[i]!);
  return mx < 1e-4 ? ziToZero(lf.name, mx) : null;
}
