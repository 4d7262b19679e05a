/** Error and status texts of the optimizers (`src/optim/`). */
import { LmeError } from "./error.js";

/** An argument of bobyqa / nelderMead / deriv12 that cannot be used. */
export function optimBadArgument(fn: string, what: string): LmeError {
  return new LmeError("usage", `${fn}: ${what}.`);
}

/** The start point lies outside the bounds. */
export function optimInfeasibleStart(fn: string, i: number, x: number, lo: number, hi: number): LmeError {
  return new LmeError(
    "usage",
    `${fn}: the start value of parameter ${i + 1} (${x}) lies outside its bounds [${lo}, ${hi}]. ` +
      `Give a start inside the bounds.`,
  );
}

/** Lower bound above upper bound. */
export function optimBadBounds(fn: string, i: number, lo: number, hi: number): LmeError {
  return new LmeError("usage", `${fn}: parameter ${i + 1} has lower bound ${lo} above its upper bound ${hi}. Swap or fix the bounds.`);
}

/** The evaluation budget is smaller than the method's start-up cost. */
export function optimMaxfunTooSmall(fn: string, maxfun: number, needed: number): LmeError {
  return new LmeError("usage", `${fn}: maxfun = ${maxfun} is too small; at least ${needed} evaluations are needed to build the first model. Raise maxfun.`);
}

/** Status messages of OptimResult.message. */
export const optimStatus = {
  rhoend: (rho: number) => `converged: trust-region radius reached its final value (${rho})`,
  ftol: (tol: number) => `converged: objective improved by less than ftolAbs = ${tol}`,
  xtol: (tol: number) => `converged: simplex smaller than xtolAbs = ${tol} in every coordinate`,
  ftolSimplex: (tol: number) => `converged: objective values of the simplex within ftolAbs = ${tol}`,
  brent: (tol: number) => `converged: bracket on the minimizer narrower than ${tol}`,
  brentBound: (bound: number, from: number, to: number) =>
    `converged: minimum on the bound ${bound}; the objective does not decrease inward at steps from ${from.toPrecision(3)} to ${to.toPrecision(3)}`,
  collapsed: () => `converged: the simplex collapsed onto its centroid (bounds or flat objective)`,
  fixed: () => `converged: every parameter is fixed by equal lower and upper bounds`,
  maxfun: (maxfun: number) => `failure to converge in ${maxfun} evaluations: the evaluation budget was reached (raise maxfun)`,
  noDecrease: () => `stopped: a trust-region step failed to reduce the quadratic model (rounding errors); the best point found is returned`,
  cancellation: () => `stopped: too much cancellation in the interpolation update (rounding errors); the best point found is returned`,
} as const;

/** Bad start values: `what` names the option ("start", "start.theta", "start.fixef"). */
export const badStart = (what: string, detail: string) => new LmeError("usage", `${what} ${detail}`);

/** mkMerMod / optimizeLmer given something that is not a devfun of mkLmerDevfun. */
export const notADevfun = (fn: string) =>
  new LmeError("usage", `${fn}: the first argument must be the objective made by mkLmerDevfun(lFormula(formula, data))`);

/** mkMerMod given an optimum whose par has the wrong length or non-finite / out-of-bounds values. */
export const badOptimumPar = (detail: string) =>
  new LmeError("usage", `mkMerMod: opt.par ${detail}; give the θ your optimizer found ({ par: θ̂ })`);
