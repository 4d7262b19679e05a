/**
 * `drop1(model)`: single-term deletions of fixed-effect terms with likelihood-ratio tests
 * (lme4's `drop1.merMod` with `test = "Chisq"`).
 *
 * The terms that can be dropped respect marginality (R's `drop.scope`): a term is in scope
 * unless another term contains all of its variables (`Days` cannot be dropped while
 * `Days:group` is in the model). Each reduced model is refitted on the model's complete-case
 * frame with the same random effects, weights, offset, optimizer (and family, nAGQ for GLMMs);
 * LMMs are compared by maximum likelihood (REML fits are refitted by ML, as lme4's
 * `extractAIC`). Columns: npar = parameters removed, AIC of the reduced model,
 * LRT = deviance(reduced) − deviance(full), Pr(Chi) = P(χ²_npar > LRT).
 */
import type { ParsedFormula, Term, Expr } from "../formula/types.js";
import { deparse } from "../formula/deparse.js";
import { lmer } from "../lmm/lmer.js";
import { refitOptimizer } from "../optim/names.js";
import { glmer } from "../glmm/glmer.js";
import { pchisqUpper } from "./ddf.js";
import { isModel, type MerModel } from "./anova.js";
import { renderable, renderableClass, textOf } from "../results/renderable.js";
import { anovaNotAModel, drop1RowsChanged, refittingML } from "../messages/inference.js";
import { checkOptions } from "../validate/index.js";

/** One row of the single-term deletion table ("<none>" is the full model). */
export interface Drop1Row {
  readonly term: string;
  /** Parameters removed (null for "<none>"); lme4 prints this as "npar". */
  readonly npar: number | null;
  readonly AIC: number;
  /** Likelihood-ratio statistic −2(logLik(reduced) − logLik(full)) (null for "<none>"). */
  readonly LRT: number | null;
  readonly p: number | null;
}

/** The deletion table; `fits` are the reduced models in row order (index 0 the full ML fit). */
export class Drop1Table {
  readonly kind = "drop1" as const;
  readonly formula: string;
  readonly rows: readonly Drop1Row[];
  readonly fits: readonly MerModel[];
  readonly notes: readonly string[];
  constructor(formula: string, rows: Drop1Row[], fits: MerModel[], notes: string[]) {
    this.formula = formula;
    this.rows = rows;
    this.fits = fits;
    this.notes = notes;
  }
  toString(): string {
    return textOf("drop1", this);
  }
}
renderableClass("drop1", Drop1Table.prototype); // both display keys, rendered by display/register.ts

/** R's drop.scope: terms not contained (by variables) in another term. */
export function dropScope(terms: readonly Term[]): Term[] {
  const vars = terms.map((t) => new Set(t.vars.map((v) => v.label)));
  return terms.filter((_, i) => !vars.some((vj, j) => j !== i && [...vars[i]].every((v) => vj.has(v))));
}

const hasBar = (e: Expr): boolean => {
  switch (e.type) {
    case "binary": return e.op === "|" || e.op === "||" || hasBar(e.left) || hasBar(e.right);
    case "paren": return hasBar(e.expr);
    case "unary": return hasBar(e.arg);
    case "call": return e.args.some(hasBar);
    default: return false;
  }
};

/** The random-effects parts of a right-hand side, as written (`(Days | Subject)`, `diag(...)`). */
export function randomParts(e: Expr, out: string[]): void {
  if (e.type === "binary" && e.op === "+") {
    randomParts(e.left, out);
    randomParts(e.right, out);
  } else if (hasBar(e)) out.push(deparse(e));
}

/** The formula with one fixed term removed (offsets moved to the offset argument by the caller). */
export function dropTerm(f: ParsedFormula, term: Term): ParsedFormula {
  const terms = f.fixed.terms.filter((t) => t !== term);
  const fixedText = [...(f.fixed.intercept ? [] : ["0"]), ...terms.map((t) => t.label)];
  const bars: string[] = [];
  if (f.rhs) randomParts(f.rhs, bars);
  const rhs = [...fixedText, ...bars];
  const source = f.rhs ? `${f.responseLabel ?? ""} ~ ${rhs.length ? rhs.join(" + ") : "1"}` : `${f.source} - ${term.label}`;
  return { ...f, source, fixed: { ...f.fixed, terms }, offsets: [] };
}

/** Refits the model's random-effects structure with a reduced fixed part on its own frame (ML for LMMs). */
function refitReduced(model: MerModel, f: ParsedFormula): MerModel {
  const { input } = model;
  const frame = input.mf.frame;
  const common = { weights: input.weights ?? null, offset: input.offset ?? null, optimizer: refitOptimizer(model.optinfo.optimizer) };
  if (model.kind === "lmerMod") return lmer(f, frame, { ...common, REML: false, checkLevels: false });
  // A Laplace-engine fit (nbinom2, beta, ziformula, …): its own options (family by name, ziformula,
  // dispformula, information); its `family` is only the GLM view at φ̂.
  if (model.laplace) return glmer(f, frame, { ...model.options, ...common });
  return glmer(f, frame, { ...common, family: model.family, nAGQ: model.nAGQ });
}

/**
 * Drops each droppable fixed-effect term in turn and tests it by likelihood ratio. A model
 * whose fixed part has no droppable term gives a table with the "<none>" row only.
 */
export function drop1(model: MerModel, opts?: Readonly<Record<string, never>>): Drop1Table {
  if (!isModel(model)) throw anovaNotAModel(0);
  checkOptions("drop1", opts, {}, "", { test: "drop1 always gives the likelihood-ratio (Chisq) test, lme4's test = \"Chisq\"" });
  const f = model.input.formula;
  const notes: string[] = [];
  let full: MerModel = model;
  if (model.kind === "lmerMod" && model.REML) {
    notes.push(refittingML());
    full = model.update({ REML: false });
  }
  const rows: Drop1Row[] = [{ term: "<none>", npar: null, AIC: full.AIC(), LRT: null, p: null }];
  const fits: MerModel[] = [full];
  const dev0 = -2 * full.logLik();
  for (const term of dropScope(f.fixed.terms)) {
    const fit = refitReduced(model, dropTerm(f, term));
    if (fit.nobs !== full.nobs) throw drop1RowsChanged(term.label, full.nobs, fit.nobs);
    const npar = full.df - fit.df;
    const LRT = -2 * fit.logLik() - dev0;
    rows.push({ term: term.label, npar, AIC: fit.AIC(), LRT, p: npar > 0 ? pchisqUpper(Math.max(LRT, 0), npar) : null });
    fits.push(fit);
  }
  return new Drop1Table(model.formula, rows, fits, notes);
}
