/** Messages of the GLM families and links (glmm stage): unknown names, invalid responses. */
import { LmeError } from "./error.js";
import { describeArg } from "./args.js";

const quote = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(", ");

/** Lists at most `max` 1-based row numbers: "rows 3, 8 and 12" / "rows 3, 8, 12, … (27 rows)". */
export function describeRows(rows: readonly number[], max = 5): string {
  if (rows.length === 1) return `row ${rows[0]! + 1}`;
  const shown = rows.slice(0, max).map((r) => String(r + 1));
  if (rows.length <= max) return `rows ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
  return `rows ${shown.join(", ")}, … (${rows.length} rows in all)`;
}

export const unknownFamily = (name: string, valid: readonly string[]) => {
  const lower = name.toLowerCase();
  let hint = "";
  if (lower.startsWith("quasi")) hint = " Quasi-likelihood families cannot be used in glmer (as in lme4): use binomial or poisson, and model overdispersion with an observation-level random effect, e.g. (1 | obs).";
  else if (lower.startsWith("truncated_") || lower === "tweedie" || lower === "lognormal" || lower === "ordbeta" || lower === "skewnormal" || lower === "t_family") hint = ` glmmTMB's '${name}' family is not implemented; the glmmTMB families fitted here are 'nbinom2', 'nbinom1', 'beta', 'betabinomial', 'genpois', 'compois', 'truncated_poisson' and 'truncated_nbinom2' (with ziformula and dispformula).`;
  else if (lower.includes("negative") || lower === "nb" || lower === "negbin") hint = ` For negative binomial counts use family "nbinom2" (variance μ + μ²/θ, lme4's glmer.nb and glmmTMB's nbinom2) or "nbinom1" (variance μ(1 + φ)), or glmerNb().`;
  return new LmeError("family", `unknown family '${name}'; the available families are ${quote(valid)}.${hint}`);
};

export const unknownLink = (name: string, valid: readonly string[]) =>
  new LmeError("family", `unknown link '${name}'; the available links are ${quote(valid)}`);

export const linkNotAvailable = (link: string, family: string, valid: readonly string[]) =>
  new LmeError(
    "family",
    `link '${link}' is not available for the ${family} family; the available links are ${quote(valid)}. To use another link anyway (R allows it), pass a Link object, e.g. { link: makeLink("${link}") }.`,
  );

export const badLinkObject = () =>
  new LmeError("family", "the link must be a link name (a string) or a Link object with linkfun, linkinv, muEta, valideta, linkinvInto and muEtaInto");

export const responseNotFinite = (family: string, rows: readonly number[]) =>
  new LmeError("family", `the response has missing or non-finite values (NaN, Inf) in ${describeRows(rows)}; the ${family} family needs finite values. Remove those rows or fix the data.`);

export const binomialOutOfRange = (rows: readonly number[]) =>
  new LmeError(
    "family",
    `y values must be 0 <= y <= 1 for the binomial family, but ${describeRows(rows)} are outside. Use a 0/1 (or logical, or two-level factor) response, a proportion with the number of trials as weights, or cbind(successes, failures).`,
  );

export const binomialNonInteger = (rows: readonly number[], unitWeights = false) =>
  `non-integer #successes in a binomial glm! (weights × y is not a whole number in ${describeRows(rows)})` +
  (unitWeights
    ? ". For proportions give the numbers of trials as weights, or use cbind(successes, failures): with one trial per row the log-likelihood rounds each proportion to 0 or 1"
    : "");

export const poissonNegative = (rows: readonly number[]) =>
  new LmeError("family", `negative values not allowed for the 'Poisson' family: ${describeRows(rows)}. The Poisson family models counts (0, 1, 2, …).`);

export const poissonNonInteger = (rows: readonly number[]) =>
  `non-integer counts in a Poisson model in ${describeRows(rows)}: their log-likelihood is -Inf (as R's dpois gives), so logLik, AIC and BIC will be infinite`;

export const notPositive = (family: string, rows: readonly number[]) =>
  new LmeError(
    "family",
    family === "Gamma"
      ? `non-positive values not allowed for the 'Gamma' family: ${describeRows(rows)}. The Gamma family needs y > 0.`
      : `positive values only are allowed for the '${family}' family: ${describeRows(rows)}.`,
  );

export const gaussianNoStart = (link: string, rows: readonly number[]) =>
  new LmeError(
    "family",
    `cannot find valid starting values for the gaussian family with the '${link}' link: y ${link === "log" ? "<= 0" : "== 0"} in ${describeRows(rows)}. Use the identity link, or transform the response.`,
  );

export const badWeightsLength = (family: string, ny: number, nw: number) =>
  new LmeError("family", `the ${family} family got ${ny} responses but ${nw} weights; they must have the same length`);

export const cannotSimulateNonIntegerWeights = (rows: readonly number[]) =>
  new LmeError("family", `cannot simulate from a binomial family with non-integer prior weights (numbers of trials) in ${describeRows(rows)}`);

export const ghqOrder = (k: number, max: number) =>
  new LmeError("usage", `the number of Gauss–Hermite quadrature points (nAGQ) must be an integer from 1 to ${max}; got ${k}`);

export const badFamilyOptions = (family: string, got: unknown) =>
  new LmeError("family", `${family}() takes a link name or { link }, e.g. ${family}({ link: "log" }); got ${describeArg(got)}`);

/** Negative or non-integer counts given to a count family of the Laplace engine (nbinom2, nbinom1). */
export const countsInvalid = (family: string, label: string, rows: readonly number[], what: "negative" | "non-integer") =>
  new LmeError(
    "family",
    `the ${family} family models counts (0, 1, 2, …), but the response '${label}' has ${what} values in ${describeRows(rows)}. Fix or remove those rows${what === "non-integer" ? " (or round them if they are counts stored with decimals)" : ""}.`,
  );

/** A link other than log asked of a negative binomial family. */
export const nbinomLink = (family: string, link: string) =>
  new LmeError("family", `the ${family} family is available with the 'log' link only (as glmmTMB's default); got link '${link}'`);

/** The dispersion of a negative binomial fit ran to its Poisson limit (θ → ∞ or φ → 0). */
export const looksPoisson = (family: string, what: string) =>
  new LmeError(
    "family",
    `the ${family} fit has no overdispersion left (${what}): the data look poisson; fit poisson (glmer(formula, data, { family: "poisson" })).`,
  );

/** A Laplace-engine family asked for something only the classic (exponential) families have. */
export const laplaceFamilyOption = (family: string, option: string, why: string) =>
  new LmeError("usage", `${option} is not available for the ${family} family: ${why}`);

/** glmer's `information` option given with a classic family. */
export const informationNeedsLaplace = () =>
  new LmeError("usage", `glmer's 'information' option applies to the families of the Laplace engine ("nbinom2", "nbinom1") only; the classic families are fitted by PIRLS (Fisher scoring, as lme4)`);

/** glmerNb given a family. */
export const glmerNbFamily = () =>
  new LmeError("usage", `glmerNb fits the negative binomial family (nbinom2, log link) only; drop the 'family' option, or use glmer(formula, data, { family }) for another family`);

/** The Laplace engine needs its dense signed system for a model with too many random effects. */
export const denseTooLarge = (family: string, q: number, max: number) =>
  new LmeError(
    "family",
    `the ${family} log-density is not concave in the linear predictor at some observations, which needs the dense ${q} × ${q} Newton system; models with more than ${max} random effects are not supported there yet. Use nbinom2, or fewer grouping levels.`,
  );

/** A beta response outside the open interval (0, 1). */
export const betaOutOfRange = (label: string, rows: readonly number[]) =>
  new LmeError(
    "family",
    `the beta family needs proportions strictly between 0 and 1, but the response '${label}' is 0, 1 or outside (0, 1) in ${describeRows(rows)}. Exact 0s and 1s have zero density under a beta distribution (glmmTMB refuses them too): transform them, e.g. (y·(n − 1) + 0.5)/n (Smithson and Verkuilen 2006), or model counts of successes with the betabinomial family.`,
  );

/** A betabinomial response that is not a whole number of successes out of whole trials. */
export const betabinomialInvalid = (label: string, rows: readonly number[]) =>
  new LmeError(
    "family",
    `the betabinomial family models successes out of a number of trials, but the response '${label}' is not a whole number of successes between 0 and the number of trials in ${describeRows(rows)}. Give cbind(successes, failures) with whole, non-negative counts (or proportions with the numbers of trials as weights).`,
  );

/** Zero-inflation asked for a response without zeros. */
export const ziWithoutZeros = (family: string, label: string) =>
  new LmeError(
    "family",
    `ziformula adds zero-inflation to the ${family} model, but the response '${label}' has no zeros: the zero-inflation probability would run to 0 (its logit to −∞) and its estimate would not exist. Drop ziformula.`,
  );

/** ziformula with a family that has no zero-inflated version here. */
export const ziNotAvailable = (family: string, valid: readonly string[]) =>
  new LmeError("usage", `ziformula (zero-inflation) is available for the families ${valid.map((v) => `'${v}'`).join(", ")}, not for '${family}'. Use one of those families, or drop ziformula.`);

/** dispformula with a family without a dispersion parameter to model. */
export const dispNotAvailable = (family: string, valid: readonly string[]) =>
  new LmeError("usage", `dispformula (a model for the dispersion) is available for the families ${valid.map((v) => `'${v}'`).join(", ")}, not for '${family}'${family === "poisson" || family === "binomial" ? `, whose variance is fixed by its mean (for overdispersed counts use 'nbinom2' or 'nbinom1')` : ""}.`);

/** A link other than the one the extended families implement. */
export const extendedLink = (family: string, link: string, only: string) =>
  new LmeError("family", `the ${family} family is available with the '${only}' link only (glmmTMB's default); got link '${link}'`);

/** Warning: the zero-inflation probability ran to 0 everywhere. */
export const ziToZero = (family: string, maxP: number) =>
  `the zero-inflation probability of the ${family} model ran to 0 (at most ${maxP.toExponential(1)} over the observations): the data show no zero-inflation beyond the ${family} distribution, its coefficients have no finite estimate, and their standard errors are meaningless. Drop ziformula (compare the fits by AIC or anova).`;

/** A zero-truncated family (truncated_poisson, truncated_nbinom2) given zeros without a ziformula. */
export const truncatedZeros = (family: string, label: string, rows: readonly number[]) =>
  new LmeError(
    "family",
    `the ${family} family is zero-truncated (counts 1, 2, …), but the response '${label}' has zeros in ${describeRows(rows)}. For a hurdle model add ziformula (e.g. ziformula: "~ 1", the probability of a zero, as glmmTMB), or use the untruncated family.`,
  );

/** Response-scale predictions at new data of a truncated family with a dispersion model. */
export const truncatedNewdataDisp = (family: string) =>
  new LmeError(
    "usage",
    `response-scale predictions of a ${family} model at new data need the dispersion at each new row, which this ${family} fit with a dispformula does not compute; predict type "link" (the untruncated log-mean) at new data, or "response" / "conditional" at the data.`,
  );
