/**
 * A Laplace-engine fit rebuilt at saved estimates (restoreFit): θ, β and the family's parameters φ
 * (e.g. log θ of nbinom2, the zi~ and disp~ coefficients) are evaluated once — the Newton
 * iteration for the modes from the saved modes and the Laplace deviance there — and the `GlmerMod` is built
 * as `fitLaplace` builds it at its optimum, with the saved standard errors (the finite-difference
 * Hessian costs (nθ + p + nφ)² deviance evaluations, so it is saved rather than recomputed).
 */
import type { MixedModelInput } from "../../model/lmmInput.js";
import type { GlmerOptions } from "../glmer.js";
import type { OptSummary } from "../../optim/summary.js";
import type { Information } from "../family/laplaceTypes.js";
import { thetaLayout } from "../../lmm/lmer.js";
import { laplaceFamilyFor, ziVanishes } from "./extended.js";
import { finalState } from "./fit.js";
import { laplaceWorkspace } from "./workspace.js";
import { GlmerMod } from "../../results/glmerMod.js";
import { hessianNotPD } from "../../messages/glmm.js";

/** The saved estimates a Laplace-engine fit is rebuilt from. */
export interface FixedLaplace {
  readonly theta: Float64Array;
  readonly beta: Float64Array;
  /** The family's parameters on the optimizer's scale (`LaplaceFamily.params`). */
  readonly par: Float64Array;
  /** Their standard errors, or null (Hessian not positive definite or not computed). */
  readonly parSe: Float64Array | null;
  /** The fit's spherical modes u, where the Newton iteration starts (it then stops at once). */
  readonly u: Float64Array;
  /** The fit's vcov(β) as it reported it (2[H⁻¹]_ββ, or its fallback), column-major p × p, or null. */
  readonly vcovFromHessian: Float64Array | null;
  readonly optinfo: OptSummary;
}

/** The family's parameter names of the Laplace fit `opts` describes on `input` (for checking a saved fit). */
export function laplaceParamNames(input: MixedModelInput, opts: GlmerOptions): string[] {
  return laplaceFamilyFor(input, opts).params.map((q) => q.name);
}

/** Rebuilds the fit of `opts` on `input` at the saved estimates (see the module doc). */
export function laplaceAt(input: MixedModelInput, opts: GlmerOptions, fixed: FixedLaplace): GlmerMod {
  const lf = laplaceFamilyFor(input, opts);
  const information: Information = opts.information ?? "observed";
  const warnings: string[] = [...input.warnings];
  const ws = laplaceWorkspace(input, lf, lf.glmView(new Float64Array(lf.params.length), lf.name), information);
  const { y, weights: wt } = ws.resp;
  lf.initialize(y, wt, input.formula.responseLabel ?? "response", (m) => warnings.push(m));
  const { theta, beta, par } = fixed;
  ws.lw.w.u.set(fixed.u);
  const dev = ws.deviance(theta, beta, par);
  const ziWarning = ziVanishes(lf, par, y.length);
  if (ziWarning) warnings.push(ziWarning);
  if (!fixed.parSe && opts.calcDerivs !== false && opts.control?.calcDerivs !== false) warnings.push(hessianNotPD());
  const view = lf.glmView(par, information === "expected" && lf.name === "nbinom2" ? undefined : lf.name);
  finalState(ws.lw, view);
  const layout = thetaLayout(input);
  const makeDevfun = () => {
    const w2 = laplaceWorkspace(input, lf, view, information);
    return (tb: Float64Array) => w2.deviance(tb.subarray(0, theta.length), tb.subarray(theta.length), par);
  };
  const w = ws.lw.w;
  return new GlmerMod({
    input, family: view, nAGQ: 1, work: w, theta, beta, deviance: dev, thetaNames: layout.names, optinfo: fixed.optinfo, warnings,
    vcovFromHessian: fixed.vcovFromHessian, response: ws.resp, makeDevfun, lower: layout.lower, restartEta: w.eta, options: opts,
    laplace: { family: lf, par, parSe: fixed.parSe, information },
  });
}
