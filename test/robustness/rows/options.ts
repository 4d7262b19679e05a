/**
 * Catalogue rows for options and degenerate inputs (helper h3): bogus option values and misspelled
 * keys across the public functions and the CLI, degenerate weights / offsets, p = n, constant glmer
 * responses, and a response repeated on the right-hand side (dropped with R's warning; the fit
 * then equals lme4's, numbers from scripts/options-refs.R in test/fixtures/options/).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "vitest";
import {
  lmer, glmer, binomial, datasets, simulate, bootMer, confint, profile, allFit, anova, simplifyModel,
  toFrame, ranefFrame, plots, bobyqa, richVarCorr, drop1, LmeError, type LmerMod, type GlmerMod,
} from "../../../src/index.js";
import { parseFitArgs } from "../../../src/cli/args.js";
import { lmerControl } from "../../../src/optim/control.js";
import refs from "../../fixtures/options/lme4-degenerate.json";
import type { CatalogueRow } from "../catalogue.js";

const ss = () => datasets.sleepstudy();
const cbpp = () => datasets.cbpp();
const SS = "Reaction ~ Days + (1 | Subject)";
const CB = "cbind(incidence, size - incidence) ~ period + (1 | herd)";
let lm: LmerMod | undefined, gm: GlmerMod | undefined;
/** One sleepstudy and one cbpp fit shared by the rows that need a model (fitted on first use). */
const fm = () => (lm ??= lmer(SS, ss()));
const gfm = () => (gm ??= glmer(CB, cbpp(), { family: "binomial" }));
const any = (x: unknown) => x as never;

/** 12 observations, a factor with 12 levels (p = n) and a grouping factor with 4. */
const d12 = {
  y: Array.from({ length: 12 }, (_, i) => Math.sin(7 * i)),
  obs: Array.from({ length: 12 }, (_, i) => `o${String(i + 1).padStart(2, "0")}`),
  g: Array.from({ length: 12 }, (_, i) => `g${i % 4}`),
};
/** 56 rows (15 herds, 4 periods) with a constant response `v`. */
const constantData = (v: number) => ({
  y: new Array<number>(56).fill(v),
  herd: Array.from({ length: 56 }, (_, i) => `h${i % 15}`),
  period: Array.from({ length: 56 }, (_, i) => `p${i % 4}`),
});

/** Relative difference. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/**
 * Runs the built CLI (dist/cli/main.js; `npm test` builds first). Exit code 1 with "lme4ts: error:"
 * becomes the LmeError it reported; exit 0 returns stdout; anything else fails the row.
 */
function cli(args: string[]): string {
  const main = resolve("dist/cli/main.js");
  if (!existsSync(main)) throw new Error("dist/cli/main.js is missing: run npm run build first");
  const r = spawnSync(process.execPath, [main, ...args], { encoding: "utf8" });
  const m = /lme4ts: error: ([\s\S]*)/.exec(r.stderr);
  if (r.status === 1 && m) throw new LmeError("usage", m[1]!.trim());
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}
/** A CSV in a temporary folder. */
function csv(name: string, text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), "lme4ts-opt-")), name);
  writeFileSync(p, text);
  return p;
}
const SS_CSV = "datasets/sleepstudy.csv";

const fit = (...extra: string[]) => parseFitArgs(["--data", SS_CSV, "--formula", SS, ...extra]);

export const rows: CatalogueRow[] = [
  // lmer / glmer / update options
  { id: "lmer-optimizer-bogus", category: "options", input: `lmer(f, sleepstudy, { optimizer: "bogus" })`,
    run: () => lmer(SS, ss(), { optimizer: any("bogus") }), expect: { error: /lmer\(\): option optimizer must be one of "bobyqa", "nelder_mead", "Nelder_Mead", "L-BFGS-B", "minqa", not "bogus"/ },
    why: "An unknown optimizer name used to run BOBYQA silently; the allowed names are listed instead." },
  { id: "lmer-REML-string", category: "options", input: `lmer(f, sleepstudy, { REML: "no" })`,
    run: () => lmer(SS, ss(), { REML: any("no") }), expect: { error: /option REML must be true or false, not "no"/ },
    why: `The string "no" is truthy, so it used to fit by REML; lme4 also refuses it ("argument is not interpretable as logical").` },
  { id: "lmer-reml-lowercase", category: "options", input: "lmer(f, sleepstudy, { reml: false })",
    run: () => lmer(SS, ss(), any({ reml: false })), expect: { error: /unknown option 'reml'; did you mean 'REML'\?/ },
    why: "A misspelled key used to be ignored (an REML fit where ML was asked for); R refuses it too (unused argument)." },
  { id: "lmer-control", category: "options", input: "lmer(f, sleepstudy, { control: { optimizer: 'bobyqa' } })",
    run: () => lmer(SS, ss(), any({ control: { optimizer: "bobyqa" } })), expect: { error: /option control must be an lmerControl\(\.\.\.\) \/ glmerControl\(\.\.\.\) object/ },
    why: "control takes what lmerControl(...) builds (which checks each setting: optimizer, optCtrl, checkConv, boundaryTol, calcDerivs, checkNlevGtrNobs), so a misspelled setting cannot slip through as a plain object." },
  { id: "lmerControl-misspelled", category: "options", input: "lmerControl({ optimzer: 'bobyqa' })",
    run: () => lmerControl(any({ optimzer: "bobyqa" })), expect: { error: /lmerControl\(\): unknown option 'optimzer'; did you mean 'optimizer'\?/ },
    why: "A misspelled lmerControl setting is an error naming it, never silently dropped." },
  { id: "lmer-maxfun-negative", category: "options", input: "lmer(f, sleepstudy, { maxfun: -5 })",
    run: () => lmer(SS, ss(), { maxfun: -5 }), expect: { error: /option maxfun must be a whole number ≥ 1, not -5/ },
    why: "An evaluation budget must be a positive whole number." },
  { id: "lmer-options-string", category: "options", input: `lmer(f, sleepstudy, "REML")`,
    run: () => lmer(SS, ss(), any("REML")), expect: { error: /lmer\(\): the options must be an object/ },
    why: "Options are an object of named settings, not positional values." },
  { id: "lmer-offset-short", category: "options", input: "lmer(f, sleepstudy, { offset: [1, 2, 3] })",
    run: () => lmer(SS, ss(), { offset: [1, 2, 3] }), expect: { error: /offset has length 3 but the data has 180 rows/ },
    why: `A short offset used to give a misleading "non-finite value" error; lme4 says "variable lengths differ".` },
  { id: "lmer-offset-long", category: "options", input: "lmer(f, sleepstudy, { offset: 200 values })",
    run: () => lmer(SS, ss(), { offset: new Array(200).fill(0) }), expect: { error: /offset has length 200 but the data has 180 rows/ },
    why: "A long offset used to be truncated silently; one value per data row is required, as in lme4." },
  { id: "glmer-nagq-lowercase", category: "options", input: "glmer(f, cbpp, { family: 'binomial', nagq: 9 })",
    run: () => glmer(CB, cbpp(), any({ family: "binomial", nagq: 9 })), expect: { error: /unknown option 'nagq'; did you mean 'nAGQ'\?/ },
    why: "A misspelled nAGQ used to be ignored, giving a Laplace fit where quadrature was asked for." },
  { id: "glmer-nAGQ-fraction", category: "options", input: "glmer(f, cbpp, { family: 'binomial', nAGQ: 1.5 })",
    run: () => glmer(CB, cbpp(), { family: "binomial", nAGQ: 1.5 }), expect: { error: /option nAGQ must be a whole number from 0 to 25, not 1.5/ },
    why: "nAGQ counts quadrature nodes: a whole number from 0 to 25 (lme4's limit)." },
  { id: "glmer-optimizer-bogus", category: "options", input: "glmer(f, cbpp, { family: 'binomial', optimizer: 'Nelder-Mead' })",
    run: () => glmer(CB, cbpp(), { family: "binomial", optimizer: any("Nelder-Mead") }), expect: { error: /option optimizer must be one of "bobyqa", "nelder_mead", "Nelder_Mead", "L-BFGS-B", "minqa", not "Nelder-Mead"/ },
    why: "lme4's spelling Nelder_Mead is accepted as an alias of ours; another spelling used to run BOBYQA silently and is now refused with the list." },
  { id: "glmer-start-key", category: "options", input: "glmer(f, cbpp, { family: 'binomial', start: { thetas: [1] } })",
    run: () => glmer(CB, cbpp(), any({ family: "binomial", start: { thetas: [1] } })), expect: { error: /unknown option 'start.thetas'; did you mean 'start.theta'\?/ },
    why: "Keys inside start are checked too: a misspelled one would silently start from the default." },
  { id: "glmer-link-with-family-object", category: "options", input: "glmer(f, cbpp, { family: binomial(), link: 'probit' })",
    run: () => glmer(CB, cbpp(), { family: binomial(), link: "probit" }), expect: { error: /link is only used with a family name/ },
    why: "A Family object carries its link; a separate link option used to be ignored (a logit fit)." },
  { id: "update-optimiser", category: "options", input: "fm.update({ optimiser: 'nelder_mead' })",
    run: () => fm().update(any({ optimiser: "nelder_mead" })), expect: { error: /update\(\): unknown option 'optimiser'; did you mean 'optimizer'\?/ },
    why: "update() takes lmer's options; a misspelled key used to refit unchanged." },
  { id: "update-weights", category: "options", input: "fm.update({ weights: [...] })",
    run: () => fm().update({ weights: new Array(180).fill(2) }),
    expect: { ok: true, check: (r) => { const f0 = fm(); expect(r.sigma / Math.SQRT2).toBeCloseTo(f0.sigma, 4); expect(r.fixef()["Days"]).toBeCloseTo(f0.fixef()["Days"], 4); } },
    why: "update refits with the new weights (Var(ε) = σ²/w: constant weights 2 give σ̂ × √2 and the same β̂, as lme4); they used to be ignored (the same σ came back)." },
  { id: "refit-nan", category: "options", input: "fm.refit(response with a NaN)",
    run: () => fm().refit(Array.from(fm().y, (v, i) => (i === 3 ? NaN : v))), expect: { error: /refit\(\): option newResponse must be finite numbers \(value 4 is not\), not NaN/ },
    why: "A missing value in the new response used to give NaN estimates." },
  // methods of fitted models
  { id: "predict-reForm-bogus", category: "prediction", input: `predict(fm, { reForm: "bogus" })`,
    run: () => fm().predict({ reForm: any("bogus") }), expect: { error: /option reForm must be one of null, "NA"/ },
    why: "An invalid reForm used to be ignored (conditional predictions were returned)." },
  { id: "predict-reForm-formula", category: "prediction", input: `predict(lmer("Reaction ~ Days + (Days | Subject)"), { reForm: "~ (1 | Subject)" })`,
    run: () => lmer("Reaction ~ Days + (Days | Subject)", ss()).predict({ reForm: any("~ (1 | Subject)") }),
    expect: { ok: true, check: (r) => { const f = lmer("Reaction ~ Days + (Days | Subject)", ss()); const full = f.predict(); const slope308 = f.ranef()[0].values[0][1]; expect(r[0]).toBeCloseTo(full[0], 8); expect(r[1]).toBeCloseTo(full[1] - slope308 * 1, 8); } },
    why: "A formula re.form used to be ignored (the full prediction came back); it now keeps only the named terms' columns, as lme4 (checked against lme4 in test/results/reform.test.ts)." },
  { id: "predict-allow-new-levels", category: "prediction", input: "predict(fm, { 'allow.new.levels': true })",
    run: () => fm().predict(any({ "allow.new.levels": true })), expect: { error: /unknown option 'allow.new.levels'; did you mean 'allowNewLevels'\?/ },
    why: "R's dotted names are suggested in lme4ts's camelCase." },
  { id: "glmer-predict-type-bogus", category: "prediction", input: `predict(gm, { type: "probability" })`,
    run: () => gfm().predict({ type: any("probability") }), expect: { error: /option type must be one of "link", "response", "conditional", "zprob", not "probability"/ },
    why: "An unknown type used to return the link scale silently." },
  { id: "residuals-type-bogus", category: "options", input: `residuals(fm, { type: "studentized" })`,
    run: () => fm().residuals({ type: any("studentized") }), expect: { error: /residuals\(\): option type must be one of "response", "pearson", "working", "deviance"/ },
    why: "An unknown residual type used to return response residuals." },
  { id: "ranef-condvar-lowercase", category: "options", input: "ranef(fm, { condvar: true })",
    run: () => fm().ranef(any({ condvar: true })), expect: { error: /unknown option 'condvar'; did you mean 'condVar'\?/ },
    why: "A misspelled condVar used to drop the conditional variances silently." },
  { id: "summary-ddf-bogus", category: "inference", input: `summary(fm, { ddf: "KR" })`,
    run: () => fm().summary(any({ ddf: "KR" })), expect: { error: /option ddf must be one of "Satterthwaite", "Kenward-Roger", not "KR"/ },
    why: "The df methods are named in full, as lmerTest does." },
  // inference functions
  { id: "simulate-nsim-zero", category: "inference", input: "simulate(fm, { nsim: 0 })",
    run: () => simulate(fm(), { nsim: 0 }), expect: { error: /simulate\(\): option nsim must be a whole number ≥ 1, not 0/ },
    why: "At least one simulation must be asked for." },
  { id: "bootMer-statistic-bogus", category: "inference", input: `bootMer(fm, "bogus")`,
    run: () => bootMer(fm(), any("bogus"), { nsim: 2, workers: 0 }), expect: { error: /bootMer\(\): option statistic must be one of "fixef", "theta", "sdcor", "all", or a function, not "bogus"/ },
    why: `An unknown statistic name used to compute "all".` },
  { id: "bootMer-nSim", category: "inference", input: "bootMer(fm, 'fixef', { nSim: 10 })",
    run: () => bootMer(fm(), "fixef", any({ nSim: 10 })), expect: { error: /unknown option 'nSim'; did you mean 'nsim'\?/ },
    why: "A misspelled nsim used to run the default 500 replicates." },
  { id: "confint-method-wald", category: "inference", input: `confint(fm, { method: "wald" })`,
    run: () => confint(fm(), { method: any("wald") }), expect: { error: /option method must be one of "profile", "Wald", "boot", not "wald"/ },
    why: "Method names are case-sensitive, as in lme4." },
  { id: "confint-level-percent", category: "inference", input: "confint(fm, { level: 95 })",
    run: () => confint(fm(), { level: 95, method: "Wald" }), expect: { error: /option level must be a number strictly between 0 and 1, not 95/ },
    why: "The level is a probability (0.95), not a percentage." },
  { id: "profile-unknown-key", category: "inference", input: "profile(fm, { alpha: 0.05 })",
    run: () => profile(fm(), any({ alpha: 0.05 })), expect: { error: /profile\(\): unknown option 'alpha'.*alphamax/ },
    why: "Unknown keys are listed with the function's options (here alphamax, lme4's name)." },
  { id: "allFit-optimizer-bogus", category: "optimizer", input: `allFit(fm, { optimizers: ["lbfgs"] })`,
    run: () => allFit(fm(), { optimizers: any(["lbfgs"]) }),
    expect: { ok: true, check: (r) => { expect(r.entries[0].ok).toBe(false); expect(r.entries[0].error).toMatch(/option optimizer must be one of "bobyqa", "nelder_mead", "Nelder_Mead", "L-BFGS-B", "minqa", not "lbfgs"/); } },
    why: "allFit reports each optimizer's failure in its result; an unknown name fails with the list of optimizers lme4ts has (it used to run BOBYQA under that name)." },
  { id: "allFit-optimizers-string", category: "optimizer", input: `allFit(fm, { optimizers: "bobyqa" })`,
    run: () => allFit(fm(), { optimizers: any("bobyqa") }), expect: { error: /allFit\(\): option optimizers must be a non-empty array of optimizer names/ },
    why: "optimizers is a list, as in lme4's allFit(meth.tab = ...)." },
  { id: "anova-refit-typo", category: "inference", input: "anova(fm0, fm, { reFit: false })",
    run: () => anova(lmer("Reaction ~ 1 + (1 | Subject)", ss()), fm(), any({ reFit: false })), expect: { error: /anova\(\): unknown option 'reFit'; did you mean 'refit'\?/ },
    why: "A misspelled refit used to refit REML fits by ML anyway." },
  { id: "simplify-maxsteps", category: "inference", input: "simplifyModel(fm, { maxsteps: 3 })",
    run: () => simplifyModel(fm(), any({ maxsteps: 3 })), expect: { error: /simplifyModel\(\): unknown option 'maxsteps'; did you mean 'maxSteps'\?/ },
    why: "Option names are case-sensitive; the intended one is suggested." },
  { id: "plots-qq-lines", category: "options", input: "plots.qqResiduals({ residuals }, { lines: true })",
    run: () => plots.qqResiduals({ residuals: [1, 2, 3] }, any({ lines: true })), expect: { error: /plots.qqResiduals\(\): unknown option 'lines'; did you mean 'line'\?/ },
    why: "Plot builders check their options like every other function." },
  { id: "plots-caterpillar-order", category: "options", input: `plots.caterpillar(ranef(fm)[0], { order: "random" })`,
    run: () => plots.caterpillar(any(fm().ranef({ condVar: true })[0]), { order: any("random") }), expect: { error: /option order must be one of "first", "each", not "random"/ },
    why: "An unknown order used to fall back to the default silently." },
  { id: "toFrame-schemas", category: "data", input: "toFrame(records, { schemas: {...} })",
    run: () => toFrame([{ a: 1 }], any({ schemas: {} })), expect: { error: /toFrame\(\): unknown option 'schemas'; did you mean 'schema'\?/ },
    why: "A misspelled schema used to be ignored, typing columns without it." },
  { id: "ranefFrame-levelcolumn", category: "options", input: "ranefFrame(fm, { levelcolumn: 'id' })",
    run: () => ranefFrame(fm(), any({ levelcolumn: "id" })), expect: { error: /unknown option 'levelcolumn'; did you mean 'levelColumn'\?/ },
    why: "DataFrame helpers check their options too." },
  { id: "simulate-weights-short", category: "inference", input: "simulate(gm, { newdata: 3 rows, weights: [10, 10] })",
    run: () => simulate(gfm(), { newdata: { herd: ["1", "2", "3"], period: ["1", "2", "3"] }, weights: [10, 10], seed: 1 }),
    expect: { error: /simulate\(\): option weights has 2 values but newdata has 3; give one value per row/ },
    why: "A short weights vector used to fail with a misleading message (\"non-integer prior weights\" in the rows past its end)." },
  { id: "simulate-weights-without-newdata", category: "inference", input: "simulate(gm, { weights: [...] })",
    run: () => simulate(gfm(), { weights: new Array(56).fill(2), seed: 1 }), expect: { error: /option weights gives prior weights for newdata rows/ },
    why: "Without newdata the weights option used to be ignored (the model's own weights were used)." },
  { id: "glmer-family-function", category: "options", input: "glmer(f, cbpp, { family: binomial })",
    run: () => glmer(CB, cbpp(), { family: any(binomial) }), expect: { error: /option family is the function binomial; call it \(family: binomial\(\)\)/ },
    why: "R's family = binomial (the function) is a habit from R; lme4ts needs binomial() or \"binomial\"." },
  { id: "family-link-typo", category: "options", input: `binomial({ lnk: "probit" })`,
    run: () => binomial(any({ lnk: "probit" })), expect: { error: /binomial\(\): unknown option 'lnk'; did you mean 'link'\?/ },
    why: "A misspelled link used to give the default logit link silently." },
  { id: "bobyqa-maxFun", category: "optimizer", input: "bobyqa(f, x0, { maxFun: 10 })",
    run: () => bobyqa((x) => x[0]! * x[0]!, [1], any({ maxFun: 10 })), expect: { error: /bobyqa\(\): unknown option 'maxFun'; did you mean 'maxfun'\?/ },
    why: "The optimizers check their option keys: a misspelled budget used to be ignored." },
  { id: "bootMer-confint-type", category: "inference", input: `(await bootMer(fm, "fixef", { nsim: 3 })).confint({ type: "bca" })`,
    run: async () => (await bootMer(fm(), "fixef", { nsim: 3, seed: 1, workers: 0 })).confint({ type: any("bca") }),
    expect: { error: /BootMer.confint\(\): option type must be one of "perc", "basic", "norm", not "bca"/ },
    why: "BCa intervals are not available (nor in lme4's confint.merMod); an unknown type used to give percentile intervals." },
  { id: "richVarCorr-comp", category: "options", input: `richVarCorr(fm, { comp: ["sd"] })`,
    run: () => richVarCorr(fm(), { comp: any(["sd"]) }), expect: { error: /richVarCorr\(\): option comp must be an array of "Variance" \/ "Std.Dev.", not \["sd"\]/ },
    why: "Display helpers check their options too: an unknown component name used to head a column of standard deviations." },
  { id: "lmer-family", category: "options", input: `lmer(f, sleepstudy, { family: "poisson" })`,
    run: () => lmer(SS, ss(), any({ family: "poisson" })), expect: { error: /lmer\(\): option 'family' is not one of lmer's options: .*use glmer/ },
    why: "lme4's lmer(family = ...) was deprecated in favour of glmer; the option used to be ignored (a Gaussian fit)." },
  { id: "glmer-REML", category: "options", input: `glmer(f, cbpp, { family: "binomial", REML: true })`,
    run: () => glmer(CB, cbpp(), any({ family: "binomial", REML: true })), expect: { error: /glmer\(\): option 'REML' is not one of glmer's options: glmer fits by maximum likelihood/ },
    why: "GLMMs are fitted by maximum likelihood (Laplace or quadrature); REML used to be ignored." },
  { id: "drop1-test", category: "inference", input: `drop1(fm, { test: "Chisq" })`,
    run: () => drop1(fm(), any({ test: "Chisq" })), expect: { error: /drop1\(\): option 'test' is not one of drop1's options: drop1 always gives the likelihood-ratio/ },
    why: "R's test = \"Chisq\" is what drop1 always does; the argument used to be ignored." },
  { id: "glmer-summary-ddf", category: "inference", input: `summary(gm, { ddf: "Satterthwaite" })`,
    run: () => gfm().summary(any({ ddf: "Satterthwaite" })), expect: { error: /Satterthwaite degrees of freedom are for linear mixed models/ },
    why: "GLMM summaries give Wald z tests; the ddf option used to be ignored." },
  // degenerate inputs
  { id: "lmer-weights-all-zero", category: "data", input: "lmer(f, sleepstudy, { weights: 180 zeros })",
    run: () => lmer(SS, ss(), { weights: new Array(180).fill(0) }), expect: { error: /weights 'weights' are all zero/ },
    why: `All-zero weights used to give NaN estimates; lme4 fails with "Downdated VtV is not positive definite".` },
  { id: "glmer-weights-all-zero", category: "data", input: "glmer(f, cbpp, { family: 'binomial', weights: 56 zeros })",
    run: () => glmer(CB, cbpp(), { family: "binomial", weights: new Array(56).fill(0) }), expect: { error: /weights 'weights' are all zero/ },
    why: "With every weight zero no observation carries information; NaN estimates used to be returned." },
  { id: "lmer-weights-overflow", category: "data", input: "lmer(f, sleepstudy, { weights: 1e300 each })",
    run: () => lmer(SS, ss(), { weights: new Array(180).fill(1e300) }), expect: { error: /weights 'weights' are too large \(largest 1e\+300\)/ },
    why: "The weighted sums of squares overflow: the fit used to return an intercept of 23.8 instead of 251.4." },
  { id: "lmer-weights-extreme-scale", category: "data", input: "lmer(f, sleepstudy, { weights: 1e6 each })",
    run: () => lmer(SS, ss(), { weights: new Array(180).fill(1e6) }), expect: { error: /have mean 1.00e\+6, outside \[1e-10, 10000\].*Divide the weights by their mean/ },
    why: "θ scales as 1/√weight: at 1e6 the fit came out singular with logLik −946.8 instead of −893.2 (lme4 is also wrong there)." },
  { id: "lmer-p-equals-n-REML", category: "data", input: "lmer(y ~ obs + (1 | g), 12 rows, obs with 12 levels)",
    run: () => lmer("y ~ obs + (1 | g)", d12), expect: { error: /12 columns .* for 12 observations: REML needs more observations than fixed effects/ },
    why: `With p = n REML has no residual degrees of freedom: NaN estimates used to come back; lme4 says "objective in x0 returns NA".` },
  { id: "lmer-p-equals-n-ML", category: "data", input: "lmer(y ~ obs + (1 | g), 12 rows, { REML: false })",
    run: () => lmer("y ~ obs + (1 | g)", d12, { REML: false }), expect: { error: /reproduce the response exactly and the residual variance is zero/ },
    why: "By ML lme4 returns σ = 1e-16 and logLik +424 with warnings; the fit is meaningless, so lme4ts refuses it." },
  { id: "glmer-p-equals-n", category: "data", input: "glmer(y ~ obs + (1 | g), 12 rows, obs with 12 levels, binomial)",
    run: () => glmer("yb ~ obs + (1 | g)", { ...d12, yb: [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1] }, { family: "binomial" }), expect: { error: /12 columns .* for 12 observations: the fixed effects alone fit every observation/ },
    why: "A saturated GLMM used to return an intercept of −39.6 and θ = 0.25 without a word; lme4 returns the same with warnings (binomial) or fails (poisson: pwrssUpdate did not converge)." },
  { id: "glmer-binomial-all-one", category: "glmm-response", input: "glmer(y ~ period + (1 | herd), y all 1, binomial)",
    run: () => glmer("y ~ period + (1 | herd)", constantData(1), { family: "binomial" }), expect: { error: /Response is constant: every value of 'y' is 1/ },
    why: `lme4: "Response is constant". The fixed effects would diverge.` },
  { id: "glmer-binomial-all-zero", category: "glmm-response", input: "glmer(y ~ period + (1 | herd), y all 0, binomial)",
    run: () => glmer("y ~ period + (1 | herd)", constantData(0), { family: "binomial" }), expect: { error: /Response is constant: every value of 'y' is 0/ },
    why: `lme4: "Response is constant".` },
  { id: "glmer-poisson-all-zero", category: "glmm-response", input: "glmer(y ~ period + (1 | herd), y all 0, poisson)",
    run: () => glmer("y ~ period + (1 | herd)", constantData(0), { family: "poisson" }), expect: { error: /Response is constant: every value of 'y' is 0, so the poisson model/ },
    why: `lme4: "Response is constant"; log μ would run off to −∞.` },
  { id: "lmer-response-constant", category: "data", input: "lmer(y ~ period + (1 | herd), y all 1)",
    run: () => lmer("y ~ period + (1 | herd)", constantData(1)), expect: { error: /the response 'y' is constant \(every value is 1\)/ },
    why: "The fit used to return σ = 1.5e-9 and logLik +949.6; lme4 reports a REML criterion of -Inf with warnings." },
  // a response repeated on the right-hand side
  { id: "lmer-response-repeated", category: "formula", input: "lmer(Reaction ~ Reaction + Days + (1 | Subject), sleepstudy)",
    run: () => lmer("Reaction ~ Reaction + Days + (1 | Subject)", ss()),
    expect: {
      warning: /^the response appeared on the right-hand side and was dropped$/,
      check: (m: LmerMod) => {
        const r = refs.lmer_repeated; // tolerances: fixef 1e-6, σ and θ 1e-5 relative (optimizer); logLik 1e-6 absolute
        expect(m.fixefNames).toEqual(Object.keys(r.fixef));
        m.fixefNames.forEach((n, i) => expect(rel(m.beta[i]!, (r.fixef as Record<string, number>)[n]!)).toBeLessThan(1e-6));
        expect(rel(m.sigma, r.sigma)).toBeLessThan(1e-5);
        expect(rel(m.theta[0]!, r.theta[0]!)).toBeLessThan(1e-5);
        expect(Math.abs(m.logLik() - r.logLik)).toBeLessThan(1e-6);
      },
    },
    why: "The response on the right fitted y exactly (σ ≈ 6e-7, logLik +2267); R drops it with this warning and lme4 fits the model without it." },
  { id: "glmer-response-repeated", category: "formula", input: "glmer(incidence ~ incidence + period + (1 | herd), cbpp, poisson)",
    run: () => glmer("incidence ~ incidence + period + (1 | herd)", cbpp(), { family: "poisson" }),
    expect: {
      warning: /^the response appeared on the right-hand side and was dropped$/,
      check: (m: GlmerMod) => {
        const r = refs.glmer_repeated; // tolerances: fixef and θ 1e-4 relative (GLMM optimizer), logLik 1e-4 absolute
        expect(m.fixefNames).toEqual(Object.keys(r.fixef));
        m.fixefNames.forEach((n, i) => expect(rel(m.beta[i]!, (r.fixef as Record<string, number>)[n]!)).toBeLessThan(1e-4));
        expect(rel(m.theta[0]!, r.theta[0]!)).toBeLessThan(1e-4);
        expect(Math.abs(m.logLik() - r.logLik)).toBeLessThan(1e-4);
      },
    },
    why: "As for lmer: the repeated response is dropped with R's warning and the fit equals lme4's." },
  { id: "lmer-response-in-interaction", category: "formula", input: "lmer(Reaction ~ Days * Reaction + (1 | Subject), sleepstudy)",
    run: () => lmer("Reaction ~ Days * Reaction + (1 | Subject)", ss()), expect: { error: /the response 'Reaction' appears in the fixed-effects term 'Days:Reaction'/ },
    why: "R keeps a Reaction:Days column here (a predictor built from the response): lme4ts refuses it." },
  { id: "lmer-response-in-random-term", category: "formula", input: "lmer(Reaction ~ Days + (Reaction | Subject), sleepstudy)",
    run: () => lmer("Reaction ~ Days + (Reaction | Subject)", ss()), expect: { error: /the response 'Reaction' appears in the random-effects term 'Reaction \| Subject'/ },
    why: "lme4 fits this with σ ≈ 6e-6 and a NaN correlation; a random slope on the response is meaningless." },
  // the command line
  { id: "cli-optimizer-bogus", category: "cli", input: "lme4ts fit ... --optimizer bogus",
    run: () => fit("--optimizer", "bogus"), expect: { error: /option --optimizer must be one of "bobyqa", "nelder_mead", "Nelder_Mead", "L-BFGS-B", "minqa", not "bogus"/ },
    why: "An unknown optimizer used to run BOBYQA." },
  { id: "cli-nagq-empty", category: "cli", input: `lme4ts fit ... --family binomial --nagq ""`,
    run: () => fit("--family", "binomial", "--nagq", ""), expect: { error: /--nagq needs a value, got an empty string/ },
    why: `Number("") is 0: an empty value used to mean nAGQ = 0.` },
  { id: "cli-nagq-hex", category: "cli", input: "lme4ts fit ... --family binomial --nagq 0x9",
    run: () => fit("--family", "binomial", "--nagq", "0x9"), expect: { error: /--nagq takes a whole number ≥ 0 \(digits only\), not "0x9"/ },
    why: "Only decimal digits are numbers on the command line." },
  { id: "cli-link-without-family", category: "cli", input: "lme4ts fit ... --link probit",
    run: () => fit("--link", "probit"), expect: { error: /--link applies to generalized models only: give --family/ },
    why: "Without --family the model is linear and --link used to be ignored." },
  { id: "cli-nagq-without-family", category: "cli", input: "lme4ts fit ... --nagq 9",
    run: () => fit("--nagq", "9"), expect: { error: /--nagq applies to generalized models only/ },
    why: "Without --family the model is linear and --nagq used to be ignored." },
  { id: "cli-reml-with-family", category: "cli", input: "lme4ts fit ... --family poisson --reml true",
    run: () => fit("--family", "poisson", "--reml", "true"), expect: { error: /--reml applies to linear mixed models only/ },
    why: "glmer fits by maximum likelihood; --reml used to be ignored." },
  { id: "cli-flag-twice", category: "cli", input: "lme4ts fit ... --reml false --reml true",
    run: () => fit("--reml", "false", "--reml", "true"), expect: { error: /--reml is given more than once/ },
    why: "The last value used to win silently." },
  { id: "cli-zero-weights", category: "cli", input: "lme4ts fit --data d.csv --formula 'y ~ x + (1 | g)' --weights w (all 0)",
    run: () => cli(["fit", "--data", csv("zw.csv", "y,x,g,w\n" + Array.from({ length: 12 }, (_, i) => `${Math.sin(i)},${i},g${i % 3},0`).join("\n") + "\n"), "--formula", "y ~ x + (1 | g)", "--weights", "w", "--json"]),
    expect: { error: /weights 'w' are all zero/ },
    why: "The CLI used to print NaN estimates and exit 0; it now exits 1 with the message." },
  { id: "cli-constant-response", category: "cli", input: "lme4ts fit ... --family binomial (response all 1)",
    run: () => cli(["fit", "--data", csv("c1.csv", "y,g\n" + Array.from({ length: 12 }, (_, i) => `1,g${i % 3}`).join("\n") + "\n"), "--formula", "y ~ 1 + (1 | g)", "--family", "binomial", "--json"]),
    expect: { error: /Response is constant/ },
    why: `lme4: "Response is constant"; the CLI exits 1 with that message.` },
];
