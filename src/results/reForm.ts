/**
 * Partial `re.form` (lme4's predict/simulate argument): which random-effects columns of a fitted
 * model a formula of random terms selects.
 *
 * As lme4 (`mkNewReTrms`), each term of the formula (after lme4's expansion of `||` and nesting
 * `a/b` into `a` and `b:a`) is matched to the model by its grouping factor's name, as lme4 prints
 * it (`cask:batch`, not `batch:cask`), and by its column names: `~(1 | Subject)` on a model with
 * `(Days | Subject)` keeps only the intercepts of Subject. A term whose grouping factor or column
 * the model does not have is an error naming it (lme4: "grouping factors specified in re.form
 * that were not present in original model"). `~0`, null and "NA" select nothing (the population
 * level); undefined selects everything. A smooth `s(x, …)` in the formula selects the random
 * part of the model's smooth with that label, `s(x)` (every level's with a factor `by`): with
 * `reForm: "~ s(x)"` predictions are those of the GAM (fixed effects and smooths, mgcv's
 * `predict.gam` on a gamm4 fit) without the other random effects.
 */
import { deparse } from "../formula/deparse.js";
import { expandBar, splitBars } from "../formula/random.js";
import { parseSides } from "../formula/syntax.js";
import { smoothLabel } from "../formula/smooth.js";
import type { Expr } from "../formula/types.js";
import type { MixedModelInput } from "../model/lmmInput.js";
import { buildFixedDesign } from "../model/fixed.js";
import { reFormNoTerms, reFormNotInModel, reFormNotFormula } from "../messages/results.js";

/** A `reForm` value: undefined (all terms), null / "NA" / "~0" (none), or a formula of random terms. */
export type ReForm = string | null | undefined;

/** True for the reForm values that mean "no random effects" (lme4's NA and `~0`). */
export function isPopulationReForm(r: ReForm): boolean {
  return r === null || r === "NA" || (typeof r === "string" && r.replace(/\s+/g, "") === "~0");
}

/** The model's terms as text, for messages: "(1 | plate), (1 | sample)". */
export function modelTermsText(input: MixedModelInput): string {
  return input.terms.map((t) => `(${t.names.map((n) => (n === "(Intercept)" ? "1" : n)).join(" + ")} | ${t.group})`).join(", ");
}

/**
 * Per model term, a mask of its columns kept by `reForm` (see the module doc); null when none is
 * kept (the population level). Throws LmeError("usage") naming a term the model does not have.
 */
export function reFormSelection(input: MixedModelInput, reForm: ReForm): boolean[][] | null {
  if (reForm === undefined) return input.terms.map((t) => t.names.map(() => true));
  if (isPopulationReForm(reForm)) return null;
  if (typeof reForm !== "string" || !reForm.includes("~")) throw reFormNotFormula(reForm);
  const src = reForm;
  const { rhs } = parseSides(src);
  const { fixed: rest, bars } = splitBars(src, rhs);
  const smooths: string[] = [];
  const walk = (e: Expr | null): void => {
    if (e === null) return;
    if (e.type === "call" && e.fn === "s") smooths.push(smoothLabel(e));
    else if (e.type === "binary") (walk(e.left), walk(e.right));
    else if (e.type === "paren") walk(e.expr);
  };
  walk(rest);
  if (bars.length === 0 && smooths.length === 0) throw reFormNoTerms(src);
  const keep = input.terms.map((t) => t.names.map(() => false));
  for (const label of smooths) {
    const ks = input.terms.map((t, k) => (t.spec.groups.length === 0 && (t.group === label || t.group.startsWith(`${label}:`)) ? k : -1)).filter((k) => k >= 0);
    if (ks.length === 0) throw reFormNotInModel(label, `the model has no smooth '${label}'`, modelTermsText(input));
    for (const k of ks) keep[k] = keep[k].map(() => true);
  }
  const frame = input.mf.frame;
  for (const found of bars) {
    const text = `(${deparse(found.bar)})`;
    for (const spec of expandBar(src, found)) {
      const ks = input.terms.map((t, k) => (t.group === spec.groupLabel ? k : -1)).filter((k) => k >= 0);
      if (ks.length === 0) throw reFormNotInModel(text, `the model has no grouping factor '${spec.groupLabel}'`, modelTermsText(input));
      for (const name of buildFixedDesign(spec.lhs, frame).names) {
        const k = ks.find((j) => input.terms[j].names.includes(name));
        if (k === undefined) throw reFormNotInModel(text, `the model has no column '${name}' for '${spec.groupLabel}'`, modelTermsText(input));
        keep[k][input.terms[k].names.indexOf(name)] = true;
      }
    }
  }
  return keep;
}
