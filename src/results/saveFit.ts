/**
 * Saved fits, as MixedModels.jl's `saveoptsum`/`restoreoptsum`: `saveFit(m)` returns a plain,
 * `JSON.stringify`-able object with the data's fingerprint (src/data/fingerprint.ts: SHA-256 over
 * a canonical encoding of the columns the model uses), the formula, the fitting options, the
 * optimizer summary and the estimates (θ, β, σ, logLik); `restoreFit(saved, data)` rebuilds the
 * full LmerMod or GlmerMod at the saved parameters in one objective evaluation (lmer's and
 * glmer's own code path, minus the optimizer), refusing data whose fingerprint differs.
 *
 * What a GLMM save also carries (both needed to rebuild the identical model without the costly
 * steps): the linear predictor each deviance evaluation's PIRLS restarts from (n numbers; part of
 * the definition of the deviance that was minimized) and 2[H⁻¹]_ββ from the finite-difference
 * Hessian of the deviance (p² numbers; the Hessian itself costs (nθ + p)² evaluations).
 * Fits of the general Laplace engine (nbinom2, nbinom1, glmerNb, beta, betabinomial, ziformula,
 * dispformula) also carry the family's parameters φ̂ with names and standard errors (`laplace`;
 * the family name and the ziformula / dispformula text are in `options`) and are rebuilt by one
 * Laplace evaluation at (θ̂, β̂, φ̂) (glmm/laplace/restore.ts), their vcov saved as reported.
 *
 * Guards: after the rebuild the log-likelihood (and for an LMM β and σ) must equal the saved
 * values to 1e-8 relative, else the JSON was altered and restoreFit refuses it. JSON keeps every
 * finite double exactly, so a faithful round trip reproduces the model bit for bit.
 */
import type { DataInput } from "../data/types.js";
import { toFrame, dataFingerprint, fingerprintDifferences, type DataFingerprint } from "../data/index.js";
import { buildInput, type MixedModelInput } from "../model/lmmInput.js";
import { fitLmm, thetaLayout, LMER_OPTIONS, type LmerOptions } from "../lmm/lmer.js";
import { fitGlmm, GLMER_OPTIONS, type GlmerOptions } from "../glmm/glmer.js";
import { usesLaplaceEngine, extendedVariables } from "../glmm/laplace/extended.js";
import { laplaceAt, laplaceParamNames } from "../glmm/laplace/restore.js";
import { makeFamily } from "../glmm/family/index.js";
import { checkOptions } from "../validate/index.js";
import type { OptSummary } from "../optim/summary.js";
import type { LmerMod } from "./lmerMod.js";
import type { GlmerMod } from "./glmerMod.js";
import type { MerMod } from "./update.js";
import { hessianNotPD } from "../messages/glmm.js";
import { cannotSave, notASavedFit, otherData, savedMismatch, savedVersion } from "../messages/savefit.js";

/** The format version saveFit writes and restoreFit reads. */
export const SAVED_FIT_VERSION = 1;

/** The optimizer summary as saved (bounds are rebuilt from the model). */
export interface SavedOptSummary {
  readonly optimizer: string;
  readonly initial: number[];
  readonly final: number[];
  readonly feval: number;
  readonly fmin: number;
  readonly returnCode: number;
  readonly message: string;
  readonly timeMs: number;
  readonly warnings: string[];
}

/** A saved fit: plain JSON data (see the module doc). */
export interface SavedFit {
  readonly format: "lme4ts-fit";
  readonly version: number;
  readonly kind: "lmerMod" | "glmerMod";
  readonly formula: string;
  readonly data: DataFingerprint;
  /** The fitting options (arrays as plain arrays; a GLMM's family and link by name). */
  readonly options: Record<string, unknown>;
  readonly REML?: boolean;
  readonly family?: string;
  readonly link?: string;
  readonly nAGQ?: number;
  readonly nobs: number;
  readonly fixefNames: string[];
  readonly thetaNames: string[];
  readonly theta: number[];
  readonly beta: number[];
  readonly sigma: number;
  readonly logLik: number;
  readonly optinfo: SavedOptSummary;
  /** GLMMs: PIRLS's restart predictor and 2[H⁻¹]_ββ (column-major p × p, or null). */
  readonly glmm?: { readonly restartEta: number[]; readonly vcovFromHessian: number[] | null };
  /**
   * Fits of the general Laplace engine (nbinom2, nbinom1, beta, betabinomial, ziformula,
   * dispformula; the formulas and `information` are in `options`): the family's parameters on
   * the optimizer's scale with their names (e.g. "log(theta)", "zi~(Intercept)", "disp~z") and
   * standard errors (null when the Hessian was not positive definite), and the spherical modes u
   * the rebuild's Newton iteration starts from (with expected information its steps converge
   * linearly: from u = 0 the modes would differ from the fit's by up to ~1e-7).
   */
  readonly laplace?: { readonly family: string; readonly params: string[]; readonly par: number[]; readonly parSe: number[] | null; readonly u: number[] };
}

/** Options to plain JSON: typed arrays to arrays, a family object to its name and link. */
function plainOptions(opts: LmerOptions | GlmerOptions, m: MerMod): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    if (v === undefined) continue;
    if (k === "family" || k === "link") continue;
    if (k === "start" && v && typeof v === "object" && !ArrayBuffer.isView(v) && !Array.isArray(v)) {
      const s = v as { theta?: ArrayLike<number>; fixef?: ArrayLike<number> };
      out.start = { ...(s.theta ? { theta: Array.from(s.theta) } : {}), ...(s.fixef ? { fixef: Array.from(s.fixef) } : {}) };
    } else if (v !== null && typeof v === "object") out[k] = Array.from(v as ArrayLike<number>);
    else out[k] = v;
  }
  if (m.kind === "glmerMod" && m.laplace) {
    // The family by the name it was fitted with (a zero-inflated poisson's GLM view is named "poisson").
    out.family = m.options.family;
    if (typeof m.options.link === "string") out.link = m.options.link;
  } else if (m.kind === "glmerMod") {
    try {
      makeFamily(m.family.name, m.family.link.name);
    } catch {
      throw cannotSave(`the family ${m.family.name}(link = "${m.family.link.name}") cannot be rebuilt by name, so the fit cannot be restored`);
    }
    out.family = m.family.name;
    out.link = m.family.link.name;
  }
  return out;
}

/** saveFit: the fit as plain JSON data (see the module doc). */
export function saveFit(m: MerMod): SavedFit {
  if (m === null || typeof m !== "object" || (m.kind !== "lmerMod" && m.kind !== "glmerMod")) throw cannotSave("give a model fitted by lmer or glmer");
  const o = m.optinfo;
  const optinfo: SavedOptSummary = {
    optimizer: o.optimizer, initial: Array.from(o.initial), final: Array.from(o.final), feval: o.feval, fmin: o.fmin,
    returnCode: o.returnCode, message: o.message, timeMs: o.timeMs, warnings: [...o.warnings],
  };
  const common = {
    format: "lme4ts-fit" as const, version: SAVED_FIT_VERSION, kind: m.kind, formula: m.formula,
    data: dataFingerprint(toFrame(m.input.mf.data), m.input.mf.variables), options: plainOptions(m.options, m),
    nobs: m.nobs, fixefNames: [...m.fixefNames], thetaNames: [...m.thetaNames], theta: Array.from(m.theta), beta: Array.from(m.beta),
    sigma: m.sigma, logLik: m.logLik(), optinfo,
  };
  if (m.kind === "lmerMod") return { ...common, REML: m.REML };
  const v = (m as unknown as { unscaledVcov: Float64Array }).unscaledVcov;
  // A Laplace-engine fit without a positive definite Hessian reports the PIRLS factor's vcov of the
  // stage-1 state, which one evaluation cannot rebuild: its vcov is saved as it is reported.
  const fromHessian = (m.nAGQ > 0 && m.options.calcDerivs !== false && !m.warnings.includes(hessianNotPD())) || m.laplace !== null;
  const lp = m.laplace;
  return {
    ...common, family: lp ? lp.family.name : m.family.name, link: m.family.link.name, nAGQ: m.nAGQ,
    glmm: { restartEta: Array.from(m.restartEta), vcovFromHessian: fromHessian ? Array.from(v) : null },
    ...(lp ? { laplace: { family: lp.family.name, params: lp.family.params.map((q) => q.name), par: Array.from(lp.par), parSe: lp.parSe ? Array.from(lp.parSe) : null, u: Array.from(m.u) } } : {}),
  };
}

function numbers(x: unknown, what: string, n?: number): Float64Array {
  if (!Array.isArray(x) || !x.every((v) => typeof v === "number" && Number.isFinite(v))) throw notASavedFit(`${what} must be an array of finite numbers`);
  if (n !== undefined && x.length !== n) throw savedMismatch(`${what} has ${x.length} values, the model needs ${n}`);
  return Float64Array.from(x as number[]);
}

function sameNames(saved: unknown, now: readonly string[], what: string): void {
  if (JSON.stringify(saved) !== JSON.stringify(now)) throw savedMismatch(`${what}: saved ${JSON.stringify(saved)}, the model has ${JSON.stringify(now)}`);
}

function close(a: number, b: number, what: string): void {
  if (!(Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(b)))) throw savedMismatch(`${what} rebuilt ${a}, saved ${b}`);
}

/** JSON text of a saved fit, parsed. */
function parseSaved(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw notASavedFit(`the text is not JSON (${(e as Error).message})`);
  }
}

/** Checks the saved fit's outer shape and version. */
function checkShape(s: unknown): asserts s is SavedFit {
  if (s === null || typeof s !== "object" || Array.isArray(s)) throw notASavedFit(`got ${s === null ? "null" : Array.isArray(s) ? "an array" : typeof s}`);
  const o = s as Record<string, unknown>;
  if (o.format !== "lme4ts-fit") throw notASavedFit("the object has no format \"lme4ts-fit\"");
  if (o.version !== SAVED_FIT_VERSION) throw savedVersion(o.version, SAVED_FIT_VERSION);
  if (o.kind !== "lmerMod" && o.kind !== "glmerMod") throw notASavedFit(`kind ${JSON.stringify(o.kind)} is neither "lmerMod" nor "glmerMod"`);
  if (typeof o.formula !== "string") throw notASavedFit("the formula is missing");
  const d = o.data as Partial<DataFingerprint> | undefined;
  if (!d || typeof d !== "object" || !Array.isArray(d.columns) || typeof d.nrow !== "number" || typeof d.sha256 !== "string") throw notASavedFit("the data fingerprint is missing");
  if (!o.options || typeof o.options !== "object") throw notASavedFit("the options are missing");
  if (!o.optinfo || typeof o.optinfo !== "object") throw notASavedFit("the optimizer summary is missing");
  if (typeof o.logLik !== "number") throw notASavedFit("logLik is missing");
}

/** The saved optimizer summary with the model's θ bounds. */
function optSummary(s: SavedOptSummary, layout: ReturnType<typeof thetaLayout>): OptSummary {
  return {
    optimizer: String(s.optimizer), initial: numbers(s.initial, "optinfo.initial"), final: numbers(s.final, "optinfo.final"),
    lower: layout.lower, upper: layout.upper, feval: Number(s.feval), fmin: Number(s.fmin), returnCode: Number(s.returnCode),
    message: String(s.message), timeMs: Number(s.timeMs), warnings: Array.isArray(s.warnings) ? s.warnings.map(String) : [],
  };
}

/** θ from the saved fit, checked against the model's layout. */
function savedTheta(s: SavedFit, input: MixedModelInput) {
  const layout = thetaLayout(input);
  sameNames(s.thetaNames, layout.names, "θ names");
  sameNames(s.fixefNames, input.fixedNames, "fixed effects");
  const theta = numbers(s.theta, "theta", layout.start.length);
  theta.forEach((v, i) => {
    if (v < layout.lower[i]! || v > layout.upper[i]!) throw savedMismatch(`θ ${layout.names[i]} = ${v} is outside its bounds [${layout.lower[i]}, ${layout.upper[i]}]`);
  });
  return { layout, theta };
}

/**
 * restoreFit: the model `saved` describes, rebuilt on `data` (the data it was fitted to) in one
 * objective evaluation (`saved` may also be its JSON text); refuses other data, another format version and altered JSON (see the module doc).
 */
export function restoreFit(saved: SavedFit | string | unknown, data: DataInput): MerMod {
  const s = typeof saved === "string" ? parseSaved(saved) : saved;
  checkShape(s);
  const frame = toFrame(data);
  const names = s.data.columns.map((c) => String((c as { name?: unknown }).name));
  const missing = names.filter((nm) => !frame.columns.has(nm));
  const differences = missing.length > 0
    ? [...(s.data.nrow !== frame.nrow ? [`rows: ${s.data.nrow} when saved, ${frame.nrow} now`] : []), ...missing.map((nm) => `column '${nm}' is missing`)]
    : fingerprintDifferences(s.data, dataFingerprint(frame, names));
  if (differences.length > 0) throw otherData(differences);
  const opts = { ...(s.options as Record<string, unknown>) };
  if (s.kind === "lmerMod") {
    checkOptions("restoreFit", opts, LMER_OPTIONS);
    const o = opts as LmerOptions;
    if ((o.REML ?? true) !== s.REML) throw savedMismatch(`REML is ${s.REML} but the options say ${o.REML ?? true}`);
    const input = buildInput(s.formula, data, { weights: o.weights, offset: o.offset, checkLevels: o.checkLevels });
    const { layout, theta } = savedTheta(s, input);
    const restored: LmerMod = fitLmm(input, o, undefined, { theta, optinfo: optSummary(s.optinfo, layout) });
    close(restored.logLik(), s.logLik, "logLik");
    numbers(s.beta, "beta", restored.beta.length).forEach((b, i) => close(restored.beta[i]!, b, `β ${restored.fixefNames[i]}`));
    close(restored.sigma, s.sigma, "σ");
    return restored;
  }
  checkOptions("restoreFit", opts, GLMER_OPTIONS);
  const o = opts as GlmerOptions;
  if ((o.nAGQ ?? 1) !== s.nAGQ) throw savedMismatch(`nAGQ is ${s.nAGQ} but the options say ${o.nAGQ ?? 1}`);
  const laplace = usesLaplaceEngine(o);
  const input = buildInput(s.formula, data, { weights: o.weights, offset: o.offset, checkLevels: false, numericResponse: false, ...(laplace ? { extraVariables: extendedVariables(o) } : {}) });
  const { layout, theta } = savedTheta(s, input);
  const beta = numbers(s.beta, "beta", input.p);
  const g = s.glmm;
  if (!g || typeof g !== "object") throw notASavedFit("the GLMM part (restart predictor, vcov) is missing");
  const restartEta = numbers(g.restartEta, "glmm.restartEta", s.nobs);
  const vcov = g.vcovFromHessian === null ? null : numbers(g.vcovFromHessian, "glmm.vcovFromHessian", input.p * input.p);
  const optinfo = optSummary(s.optinfo, layout);
  let m: GlmerMod;
  if (laplace) {
    const lp = s.laplace;
    if (!lp || typeof lp !== "object") throw notASavedFit("the Laplace-engine part (the family's parameters) is missing");
    const names = laplaceParamNames(input, o);
    sameNames(lp.params, names, "family parameters");
    const par = numbers(lp.par, "laplace.par", names.length);
    const parSe = lp.parSe === null ? null : numbers(lp.parSe, "laplace.parSe", names.length);
    const u = numbers(lp.u, "laplace.u", input.terms.reduce((q, t) => q + t.q * t.nLevels, 0));
    m = laplaceAt(input, o, { theta, beta, par, parSe, u, vcovFromHessian: vcov, optinfo });
  } else m = fitGlmm(input, o, undefined, { theta, beta, restartEta, vcovFromHessian: vcov, optinfo });
  if (m.nobs !== s.nobs) throw savedMismatch(`${m.nobs} observations now, ${s.nobs} saved`);
  close(m.logLik(), s.logLik, "logLik");
  return m;
}
