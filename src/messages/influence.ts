/** Messages of the influence measures and simulated-residual tests (src/influence/). */
import { LmeError } from "./error.js";

/** `influence(m, { groups })` naming a variable the model's data do not have. */
export const unknownGroups = (name: string, available: readonly string[]) =>
  new LmeError("usage", `influence(): groups "${name}" is not a column of the model's data; the columns are ${available.map((c) => `"${c}"`).join(", ")}. Give a grouping variable such as one of the model's grouping factors`);

/** `groups` given as something other than a column name or names. */
export const badGroups = (v: unknown) =>
  new LmeError("usage", `influence(): groups must be a column name or an array of column names (e.g. "herd"), not ${JSON.stringify(v)}`);

/** Only one level in the deletion groups: nothing left to fit without it. */
export const oneGroup = (name: string) =>
  new LmeError("usage", `influence(): groups "${name}" has a single level in the model frame, so deleting it leaves no data; choose a variable with at least 2 levels`);

/** `maxfun` not a positive integer. */
export const badMaxfun = (v: unknown) =>
  new LmeError("usage", `influence(): maxfun must be a positive integer (lme4's default is 1000), not ${JSON.stringify(v)}`);

/** A deletion refit failed (the error of the refit is attached). */
export const deletionFailed = (group: string, level: string, why: string) =>
  new LmeError("numeric", `influence(): the refit without ${group} = "${level}" failed: ${why}. Deleting that unit leaves a model that cannot be fitted (e.g. a factor level or grouping factor disappears); use other groups`);

/** A deletion removes every observation of a fixed-effect column. */
export const fixefLost = (group: string, level: string, lost: readonly string[]) =>
  new LmeError("model", `influence(): without ${group} = "${level}" the fixed effect(s) ${lost.join(", ")} can no longer be estimated (no data left for them); lme4 fails here too. Use groups that do not coincide with a fixed-effect factor`);

/** A function of an influence result given something else. */
export const notInfluence = (fn: string) =>
  new LmeError("usage", `${fn}(): expected the result of influence(m, { groups }) (or a fitted model for cooksDistance); got something else`);

/** dfbeta's `which` not "fixed" / "var.cov". */
export const badWhich = (v: unknown) =>
  new LmeError("usage", `dfbeta(): which must be "fixed" or "var.cov", not ${JSON.stringify(v)}`);

/** Number of simulations for the residual tests. */
export const badNsimResid = (v: unknown) =>
  new LmeError("usage", `simulateResiduals(): nsim must be an integer ≥ 2 (DHARMa's default is 250), not ${JSON.stringify(v)}`);

/** A test's `alternative` argument. */
export const badAlternative = (fn: string, v: unknown, allowed: readonly string[]) =>
  new LmeError("usage", `${fn}(): alternative must be ${allowed.map((a) => `"${a}"`).join(", ")}, not ${JSON.stringify(v)}`);

/** A test given something that is not the result of simulateResiduals(). */
export const notSimResiduals = (fn: string) =>
  new LmeError("usage", `${fn}(): expected the result of simulateResiduals(m, { nsim, seed }); got something else`);

/** testOutliers' margin argument. */
export const badMargin = (v: unknown) =>
  new LmeError("usage", `testOutliers(): margin must be "both", "upper" or "lower", not ${JSON.stringify(v)}`);

/** Caveat attached to hat values of a GLMM (lme4 warns likewise). */
export const glmmHatCaveat = "the hat matrix may not make sense for GLMMs (lme4 warns likewise): it mixes the final PIRLS weights in the factor with the prior weights only outside it";

/** Deletion refits that did not converge. */
export const notConverged = (n: number, total: number, levels: readonly string[]) =>
  `${n} of ${total} deletion refits did not converge cleanly (convergence warnings): ${levels.slice(0, 10).join(", ")}${levels.length > 10 ? ", …" : ""}`;

/** lme4's Cook's distance on influence with fewer deleted units than fixed effects. */
export const cooksFewUnits = (n: number, p: number) =>
  `Cook's distance uses lme4's factor (n − p)/(n·p) with n = ${n} deleted units and p = ${p} fixed effects: with n ≤ p the distances are ≤ 0 and not interpretable; delete finer units (more groups) or look at dfbetas`;

/** The penalized system of hatvalues is not positive definite. */
export const hatNotPD = () =>
  new LmeError("numeric", "hatvalues(): the penalized system matrix is not positive definite at the estimates (a rank-deficient design?); check the fixed-effects design for aliased columns");

/** The full fit's vcov is not positive definite (Cook's distance needs its inverse). */
export const vcovNotPD = () =>
  new LmeError("numeric", "cooksDistance(): the fixed-effects covariance matrix of the full fit is not positive definite, so Cook's distance (dᵀV⁻¹d) is undefined; look at dfbetas instead");

/** hatvalues' dense system would be too large. */
export const hatTooLarge = (N: number) =>
  new LmeError("usage", `hatvalues(): the model has ${N} random effects plus fixed effects; the dense hat computation needs ${N}² values (${Math.round((N * N * 8) / 2 ** 20)} MB) and is limited to ${HAT_MAX_DIM}. Compute leverages on a subset of the data, or use influence(m, { groups }) for group-level influence`);

/** Largest q + p that hatvalues computes densely. */
export const HAT_MAX_DIM = 8000;

/** Leave-one-unit-out refits of a Laplace-engine fit (nbinom2, beta, ziformula, …) are not implemented. */
export const influenceLaplaceFamily = (family: string) =>
  new LmeError("usage", `influence(): leave-one-unit-out refits of ${family} GLMMs fitted by the general Laplace engine (negative binomial, beta, betabinomial, ziformula, dispformula) are not available: the deletion refits re-create classic families only. Refit without each unit yourself (update(model, { data }) on the reduced data) and compare the estimates`);
