/**
 * Option checks of the fitted models' methods (predict, ranef, residuals, summary, isSingular,
 * update, refit), shared by LmerMod and GlmerMod. See src/validate/ for the checks and messages.
 */
import { anything, bool, checkOptions, checkValue, num, numbers, oneOf, type Check, type OptionSpec } from "../validate/index.js";
import { badOption } from "../messages/options.js";

/**
 * predict's reForm: undefined (all random-effects terms), null or "NA" (none), or a formula string
 * of some of the model's random terms ("~ (1 | g)", lme4's partial re.form; its terms are checked
 * against the model by results/reForm.ts); anything else is an error naming the allowed values.
 */
const reFormCheck: Check = {
  want: 'null, "NA", a formula of random terms such as "~(1 | g)", or left out',
  ok: (v) => v === null || v === "NA" || (typeof v === "string" && v.trim().startsWith("~")),
  allowed: [null, "NA", "~(1 | g)", undefined],
};

/** predict's options, including the standard-error ones of results/predictSe.ts. */
const PREDICT: OptionSpec = {
  newdata: anything, reForm: reFormCheck, allowNewLevels: bool, seFit: bool, interval: oneOf("none", "confidence"), level: num(0, 1, true),
  type: oneOf("link", "response", "conditional", "zprob"),
};
const GLMER_PREDICT: OptionSpec = PREDICT;

/** Validates predict()'s options (`glmm` adds `type`). */
export function checkPredictOptions(opts: unknown, glmm: boolean): void {
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

/** refit's new response: numbers, all finite (a NaN used to give NaN estimates). Length is checked by refit. */
export function checkRefitResponse(y: unknown): void {
  checkValue("refit", "newResponse", y, numbers);
  const a = y as ArrayLike<number>;
  for (let i = 0; i < a.length; i++)
    if (!Number.isFinite(a[i])) throw badOption("refit", "newResponse", a[i], `finite numbers (value ${i + 1} is not)`);
}
