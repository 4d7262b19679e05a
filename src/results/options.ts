/**
 * Option checks of the fitted models' methods (predict, ranef, residuals, summary, isSingular,
 * update, refit), shared by LmerMod and GlmerMod. See src/validate/ for the checks and messages.
 */
import { anything, bool, checkOptions, checkValue, num, numbers, oneOf, type Check, type OptionSpec } from "../validate/index.js";
import { badOption, partialReForm, updateDataOption } from "../messages/options.js";
import { LMER_OPTIONS } from "../lmm/lmer.js";

/**
 * predict's reForm: undefined (all random-effects terms), null or "NA" (none). A formula string
 * ("~ (1 | g)", lme4's partial re.form) is refused until it is implemented; anything else is an
 * error naming the allowed values.
 */
const reFormCheck: Check = { want: 'null, "NA" or left out', ok: (v) => v === null || v === "NA", allowed: [null, "NA", undefined] };

const PREDICT: OptionSpec = { newdata: anything, reForm: reFormCheck, allowNewLevels: bool };
const GLMER_PREDICT: OptionSpec = { ...PREDICT, type: oneOf("link", "response") };

/** Validates predict()'s options (`glmm` adds `type`). */
export function checkPredictOptions(opts: unknown, glmm: boolean): void {
  const re = (opts as { reForm?: unknown } | null | undefined)?.reForm;
  if (typeof re === "string" && re.trim().startsWith("~")) throw partialReForm("predict", re);
  checkOptions("predict", opts, glmm ? GLMER_PREDICT : PREDICT);
  const nd = (opts as { newdata?: unknown } | null | undefined)?.newdata;
  if (nd === null) checkValue("predict", "newdata", nd, { want: "a data set (records, columns or a data frame)", ok: () => false });
}

/** ranef({ condVar }). */
export const checkRanefOptions = (opts: unknown) => checkOptions("ranef", opts, { condVar: bool });

/** residuals({ type }): lme4's residual types. */
export const checkResidualOptions = (opts: unknown) =>
  checkOptions("residuals", opts, { type: oneOf("response", "pearson", "working", "deviance") });

/** summary({ ddf }). */
export const checkSummaryOptions = (opts: unknown) => checkOptions("summary", opts, { ddf: oneOf("Satterthwaite", "Kenward-Roger") });

/** isSingular(tol): a tolerance in (0, 1). */
export const checkSingularTol = (tol: unknown) => checkValue("isSingular", "tol", tol, num(0, 1, true));

/**
 * update()'s options: lmer's, except those that change the data the model was built from
 * (weights, offset, checkLevels): update refits on the model's own input, so they would be ignored.
 */
export function checkUpdateOptions(opts: unknown): void {
  for (const k of ["weights", "offset", "checkLevels"])
    if (opts && typeof opts === "object" && k in opts) throw updateDataOption(k);
  checkOptions("update", opts, LMER_OPTIONS);
}

/** refit's new response: numbers, all finite (a NaN used to give NaN estimates). Length is checked by refit. */
export function checkRefitResponse(y: unknown): void {
  checkValue("refit", "newResponse", y, numbers);
  const a = y as ArrayLike<number>;
  for (let i = 0; i < a.length; i++)
    if (!Number.isFinite(a[i])) throw badOption("refit", "newResponse", a[i], `finite numbers (value ${i + 1} is not)`);
}
