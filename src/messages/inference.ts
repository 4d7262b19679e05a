/** Messages of the tests and df methods (anova, drop1, Satterthwaite, Kenward–Roger). */
import { LmeError } from "./error.js";

/** anova() needs at least two fitted models. */
export const anovaNeedsModels = (n: number) =>
  new LmeError("usage", `anova() compares two or more fitted models, got ${n}; anova(model) with one model gives its F table (or Wald chi-square table for a glmer fit)`);

/** Something that is not an lmer/glmer fit was passed to anova(). */
export const anovaNotAModel = (i: number) =>
  new LmeError("usage", `anova(): argument ${i + 1} is not a model fitted by lmer() or glmer()`);

/** Models fitted to different numbers of observations. */
export const anovaDifferentNobs = (names: readonly string[], nobs: readonly number[]) =>
  new LmeError(
    "data",
    `anova(): the models were not all fitted to the same data: ${names.map((n, i) => `${n} has ${nobs[i]} observations`).join(", ")}. ` +
      "Fit every model to the same rows (remove missing values of all variables first).",
  );

/** Models with the same number of observations but different response values. */
export const anovaDifferentResponse = (a: string, b: string, row: number, ya: number, yb: number) =>
  new LmeError(
    "data",
    `anova(): models '${a}' and '${b}' were fitted to different data: their responses differ at observation ${row + 1} (${ya} vs ${yb}). ` +
      "Likelihood-ratio tests need every model fitted to the same response values.",
  );

/** The note printed when REML fits are refitted. */
export const refittingML = () => "refitting model(s) with ML (instead of REML)";

/** Option names given twice. */
export const anovaNamesLength = (given: number, models: number) =>
  new LmeError("usage", `anova(): names has ${given} entries but ${models} models were given`);

/** drop1: a refit changed the number of observations (should not happen: refits use the model frame). */
export const drop1RowsChanged = (term: string, n0: number, n1: number) =>
  new LmeError("data", `drop1(): dropping '${term}' changed the number of observations from ${n0} to ${n1}; remove missing values first`);

/** Satterthwaite / Kenward–Roger asked of a GLMM. */
export const ddfNotForGlmm = (method: string) =>
  new LmeError(
    "usage",
    `${method} degrees of freedom are for linear mixed models (lmer fits); a glmer fit's summary() already gives Wald z tests`,
  );

/** Kenward–Roger needs a REML fit. */
export const krNeedsREML = () =>
  new LmeError("usage", "Kenward–Roger degrees of freedom need a REML fit (as pbkrtest): refit with lmer(..., { REML: true }) or use Satterthwaite");

/** Kenward–Roger with too many random effects for its dense q×q matrices. */
export const krTooLarge = (q: number, max: number) =>
  new LmeError(
    "usage",
    `Kenward–Roger needs dense q×q matrices of the random effects (Z'Σ⁻¹Z, whose traces against every variance parameter enter the adjustment); this model has q = ${q} random effects, above the limit of ${max} (${Math.round((8 * max * max) / 2 ** 20)} MB). Use Satterthwaite degrees of freedom instead (ddf = "Satterthwaite").`,
  );

/** Warning: the expected information of the variance parameters is singular (Kenward–Roger). */
export const krSingularInformation = () =>
  "Kenward–Roger: the information matrix of the variance parameters is singular; a generalized inverse was used";

/** The sparse factor of Λ'Z'WZΛ + I failed at the estimates (Kenward–Roger). */
export const krFactorFailed = () =>
  new LmeError("numeric", "Kenward–Roger: Λ'Z'WZΛ + I is not numerically positive definite at the estimates; use Satterthwaite degrees of freedom for this model");

/** Kenward–Roger with a covariance structure whose Var(y) is not linear in its parameters. */
export const krStructure = (group: string, kind: string) =>
  new LmeError(
    "usage",
    `Kenward–Roger (pbkrtest's method) needs Var(y) linear in the variance parameters; the term for '${group}' has a '${kind}' structure, which is not. Use Satterthwaite degrees of freedom for this model.`,
  );

/** Unknown ddf method. */
export const unknownDdf = (given: string) =>
  new LmeError("usage", `unknown ddf method '${given}': use "Satterthwaite" or "Kenward-Roger"`);

/** A contrast of the wrong length. */
export const contrastLength = (len: number, p: number, names: readonly string[]) =>
  new LmeError("usage", `the contrast has ${len} entries but the model has ${p} fixed effects (${names.join(", ")})`);

/** Deviance not finite at a point needed by the numerical derivatives. */
export const derivativeFailed = (what: string) =>
  new LmeError("numeric", `the numerical derivatives for ${what} hit a non-finite deviance; the fit may be on a boundary or not converged`);

/** Warning: negative eigenvalues of the variance-parameter Hessian (lmerTest's message). */
export const hessianNegative = (vals: readonly number[]) =>
  `Model failed to converge with ${vals.length} negative eigenvalue${vals.length > 1 ? "s" : ""}: ${vals.map((v) => v.toExponential(1)).join(" ")}`;

/** Warning: near-zero eigenvalues of the variance-parameter Hessian (lmerTest's message). */
export const hessianZero = (vals: readonly number[]) =>
  `Model may not have converged with ${vals.length} eigenvalue${vals.length > 1 ? "s" : ""} close to zero: ${vals.map((v) => v.toExponential(1)).join(" ")}`;

/** anova(m, { type }) with a type that is not 1, 2 or 3. */
export const anovaBadType = (given: unknown, glmm: boolean) =>
  new LmeError("usage", `anova(model, { type }): type ${JSON.stringify(given)} is not one of ${glmm ? '2, 3 (car::Anova Wald chi-square tables; also "II", "III")' : '1, 2, 3 (also "I", "II", "III")'}`);

/** anova(m, { ddf }) with an unknown method. */
export const anovaBadDdf = (given: unknown) =>
  new LmeError("usage", `anova(model, { ddf }): ddf ${JSON.stringify(given)} is not one of "Satterthwaite", "Kenward-Roger", "lme4"`);

/** anova(m, { ddf }) on a GLMM. */
export const anovaDdfGlmm = (given: string) =>
  new LmeError("usage", `anova(glmerModel, { ddf: "${given}" }): denominator df are for linear mixed models; a GLMM gets Wald chi-square tests (car::Anova), so leave ddf out`);

/** anova(m, { ... }) with an option it does not know. */
export const anovaUnknownOption = (key: string) =>
  new LmeError("usage", `anova(model, options): unknown option "${key}"; the options of a single-model anova are "type" and "ddf" (several models take "refit" and "names")`);

/** anova(..., { type | ddf }) with several models. */
export const anovaTypeWithModels = () =>
  new LmeError("usage", `anova(m1, m2, ...): "type" and "ddf" are options of a single-model anova (F tables); with several models anova() gives likelihood-ratio tests`);

/** Type 1 only for lme4's own anova table. */
export const anovaLme4Type = (type: number) =>
  new LmeError("usage", `anova(model, { ddf: "lme4" }): lme4's table is sequential (type 1); type ${type} needs ddf "Satterthwaite" or "Kenward-Roger"`);

/** ranova() with an unknown option. */
export const ranovaUnknownOption = (key: string) =>
  new LmeError("usage", `ranova(model, options): unknown option "${key}"; the option is "reduceTerms" (true: drop the slopes of a term one at a time, as lmerTest; false: drop whole terms)`);
