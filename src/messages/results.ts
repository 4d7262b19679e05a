/**
 * Messages of the results stage: accessors, `update`, `refit` and `predict`/`simulate` with a
 * partial `reForm`.
 */
import { LmeError } from "./error.js";

/** lme4's coef(): a random-effects column needs a fixed effect of the same name. */
export const unalignedCoef = (group: string, columns: readonly string[]) =>
  new LmeError(
    "usage",
    `coef(): the random effects of '${group}' (${columns.join(", ")}) have no fixed effect of the same name, so they cannot be added to the fixed effects (lme4: "unable to align random and fixed effects"); use ranef() and fixef()`,
  );

export const refitLength = (got: number, n: number) =>
  new LmeError("usage", `refit: the new response has ${got} values, the model has ${n} observations; give one value per observation used in the fit`);

export const refitNotFinite = (i: number, v: number) =>
  new LmeError("usage", `refit: value ${i + 1} of the new response is ${v}; every value must be a finite number`);

export const refitBinomialRange = (i: number, v: number) =>
  new LmeError(
    "usage",
    `refit: value ${i + 1} of the new binomial response is ${v}; give proportions in [0, 1] (successes / trials; the trials stay those of the fit, see weights())`,
  );

export const refitPairs = () =>
  new LmeError("usage", "refit: [successes, failures] pairs are for binomial GLMMs; give one number per observation");

export const refitBadPair = (i: number, s: number, f: number) =>
  new LmeError("usage", `refit: pair ${i + 1} of the new response is [${s}, ${f}]; successes and failures must be finite and ≥ 0`);

export const lmmFamilyUpdate = (family: string) =>
  new LmeError("usage", `update: a linear mixed model has no family ('${family}' given); fit a GLMM with glmer(formula, data, { family: "${family}" })`);

export const updateArgs = (what: string) =>
  new LmeError("usage", `update(model, formula, options): ${what}; e.g. update(m, ". ~ . - Days") or update(m, { REML: false })`);

/** A partial reForm whose term the model does not have. */
export const reFormNotInModel = (term: string, why: string, model: string) =>
  new LmeError(
    "usage",
    `reForm: the random-effects term '${term}' is not part of the model (${why}); the model's terms are ${model}. Give a subset of them, null / "NA" for the population level, or leave reForm out for all`,
  );

export const reFormNoTerms = (text: string) =>
  new LmeError("usage", `reForm '${text}' has no random-effects terms: write one like "~(1 | g)", or use null / "NA" for the population level`);

export const reFormNotFormula = (r: unknown) =>
  new LmeError("usage", `reForm must be a formula of random-effects terms such as "~(1 | g)", null or "NA" (population level), or left out (all terms), not ${JSON.stringify(r) ?? String(r)}`);

export const simulatePartialTerm = (reForm: string, group: string, columns: readonly string[]) =>
  new LmeError(
    "usage",
    `simulate: reForm '${reForm}' keeps only some columns of the model's term for '${group}' (${columns.join(", ")}); simulate conditions on whole terms: name the term with all its columns, or leave it out to draw it anew`,
  );

/** Messages of predictions with standard errors (results/predictSe.ts) and prediction frames. */
export const resultsMsg = {
  seFitReForm:
    "predict(..., { seFit / interval }): standard errors are for population-level predictions (the uncertainty of the fixed effects); set reForm: null (random effects have no standard errors here: use bootMer for intervals that include them)",
  badLevel: (v: unknown) => `predict(): level must be a number strictly between 0 and 1 (e.g. 0.95); got ${JSON.stringify(v)}`,
  badInterval: (v: unknown) => `predict(): interval must be "none" or "confidence"; got ${JSON.stringify(v)}`,
  badType: (v: unknown) => `predict(): type must be "link" or "response"; got ${JSON.stringify(v)}`,
  pfTerms: (terms: unknown) => `predictionFrame(model, terms): terms must be one to three predictor names, e.g. "Days" or ["temp", "recipe"] (a numeric term may list values: "temp [180, 200]"); got ${JSON.stringify(terms)}`,
  pfUnknown: (name: string, known: readonly string[]) => `predictionFrame(): "${name}" is not a predictor of the model's fixed effects; the predictors are ${known.map((k) => `"${k}"`).join(", ")}`,
} as const;

/** getME(m, name) with a name lme4ts does not provide. */
export const getMEUnknown = (name: string, known: readonly string[]) =>
  new LmeError("usage", `getME: unknown component '${name}'; use one of ${known.map((k) => `"${k}"`).join(", ")}`);

/** getME(m, "L"): the sparse Cholesky factor is not exposed. */
export const getMENoL = () =>
  new LmeError(
    "usage",
    `getME: "L" (lme4's CHOLMOD factor of Λᵀ ZᵀZ Λ + I, with its fill-reducing permutation) is not exposed: lme4ts factors the blocks in its own order; use getME(m, "devcomp").cmp.ldL2 for log det L², or "RX" for the fixed-effects factor`,
  );

/** getME(m, "RX" | "devcomp") on a GLMM. */
export const getMELmmOnly = (name: string) =>
  new LmeError("usage", `getME: "${name}" is available for linear mixed models (lmer) only in lme4ts`);

/** modelMatrix(m, type) with an unknown type. */
export const modelMatrixType = (type: string) =>
  new LmeError("usage", `modelMatrix: type must be "fixed" or "random", not '${type}'`);

/** Messages of `smoothEstimates` / `plots.smooth` (effects/smooth.ts). */
export const smoothMsg = {
  badTerm: (term: unknown, known: readonly string[]) =>
    known.length === 0
      ? `smoothEstimates(): the model has no smooth term; fit one with s(x, bs = "cr") in the formula (got term ${JSON.stringify(term)})`
      : `smoothEstimates(): term must name a smooth of the model, one of ${known.map((k) => `"${k}"`).join(", ")}; got ${JSON.stringify(term)}`,
  tooLarge: (dim: number, max: number) =>
    `smoothEstimates(): the standard errors need the dense joint covariance of the fixed and random effects, here of dimension ${dim} (more than ${max}); use a model with fewer random effects`,
  badX: "smoothEstimates(): x must be an array of finite numbers (the values of the smoothed variable)",
};
