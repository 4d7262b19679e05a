/**
 * A fresh Laplace-engine workspace for a fitted model's input, built exactly as `fitLaplace`
 * builds its own (the response through the family's GLM view, the cross-product pattern, the
 * PIRLS workspace and the Newton scratch): for restoring a saved fit and for profiles, which
 * evaluate the Laplace deviance of (θ, β, φ) away from the fit without touching the fitted model.
 */
import type { MixedModelInput } from "../../model/lmmInput.js";
import type { Family } from "../family/types.js";
import type { Information, LaplaceFamily } from "../family/laplaceTypes.js";
import { crossPattern } from "../../lmm/crossprod.js";
import { glmmResponse, type GlmmResponse } from "../response.js";
import { allocGlmm } from "../pirls.js";
import { laplaceWork, laplaceDeviance, type LaplaceWork } from "./newton.js";

/** A workspace and the Laplace deviance −2 log L(θ, β, φ) on it. */
export interface LaplaceWorkspace {
  readonly resp: GlmmResponse;
  readonly lw: LaplaceWork;
  readonly pattern: ReturnType<typeof crossPattern>;
  /** −2 log L (Laplace, every constant) at (θ, β, φ); the workspace then holds the modes and factor there. */
  deviance(theta: ArrayLike<number>, beta: ArrayLike<number>, par: Float64Array): number;
}

/**
 * The workspace of `lf` on `input` (response and prior weights as the fit read them; `view` is
 * the family's GLM view at any φ, used only for the response's scale and the workspace's μ).
 */
export function laplaceWorkspace(input: MixedModelInput, lf: LaplaceFamily, view: Family, information: Information): LaplaceWorkspace {
  const resp = glmmResponse(input.formula.response!, input.mf.frame, view, input.weights, (i) => input.mf.rowText(input.mf.rows[i]));
  const pattern = crossPattern(input.terms, resp.y.length);
  const w = allocGlmm(view, input.terms, pattern, input.X, input.p, resp.y, resp.weights, resp.n, input.offset);
  const lw = laplaceWork(w, lf, information);
  return { resp, lw, pattern, deviance: (theta, beta, par) => laplaceDeviance(lw, theta, beta, par) };
}
