/**
 * `parseFormula`: text → `ParsedFormula` (response expression, expanded fixed part, offsets,
 * expanded random-effects terms), plus `requireRandomTerms` and `formulaColumns`.
 */
import { formulaNotString } from "../messages/args.js";
import { emptyFormula, formulaErrorAt, missingTilde, noRandomTerms } from "../messages/formula.js";
import { deparse } from "./deparse.js";
import { checkArithmetic, TermExpander } from "./expand.js";
import { expandBar, splitBars } from "./random.js";
import { splitSmooths } from "./smooth.js";
import { parseSides } from "./syntax.js";
import type { Expr, ParsedFormula } from "./types.js";

/** The response: an arithmetic expression, a column, or `cbind(successes, failures)`. */
function checkResponse(src: string, e: Expr): void {
  const u = e.type === "paren" ? e.expr : e;
  if (u.type === "call" && u.fn === "cbind") {
    if (u.args.length !== 2)
      throw formulaErrorAt(src, u.pos, `cbind() in the response takes two arguments (successes, failures), got ${u.args.length}`);
    u.args.forEach((a) => checkArithmetic(src, a));
    return;
  }
  checkArithmetic(src, e);
}

/**
 * Parses an lme4 model formula (R semantics): `response ~ fixed + (lhs | group) + ...`.
 * The fixed part is expanded by R's `terms` rules (see expand.ts); random terms by lme4's
 * (see random.ts) and kept in formula order, followed by one term per smooth `s(x, bs = "cr")`
 * (smooth.ts: its null space joins the fixed part, its penalized part is a random-effects term). One-sided formulas (`~ x`) and formulas without
 * random terms are accepted (use `requireRandomTerms` for lmer/glmer).
 * Throws LmeError("formula") whose message shows the formula with a caret at the problem.
 */
export function parseFormula(src: string): ParsedFormula {
  if (typeof src !== "string") throw formulaNotString("parseFormula", src);
  if (src.trim() === "") throw emptyFormula();
  if (!src.includes("~")) throw missingTilde(src);
  const { lhs, rhs } = parseSides(src);
  if (lhs) checkResponse(src, lhs);
  const { fixed: barFree, bars } = splitBars(src, rhs);
  const { fixed: fixedExpr, random: smooths } = splitSmooths(src, barFree);
  const expander = new TermExpander(src, true);
  const spec = expander.spec(fixedExpr ?? { type: "num", value: 1, pos: rhs.pos });
  // gamm4's column order: the parametric terms, then the null-space columns of the smooths
  const isSmooth = (t: (typeof spec.terms)[number]) => t.vars.some((v) => v.expr.type === "call" && v.expr.fn === "s");
  const fixed = { ...spec, terms: [...spec.terms.filter((t) => !isSmooth(t)), ...spec.terms.filter(isSmooth)] };
  const random = [...bars.flatMap((b) => expandBar(src, b)), ...smooths];
  return {
    source: src,
    response: lhs,
    responseLabel: lhs ? deparse(lhs) : null,
    fixed,
    offsets: expander.offsets,
    random,
    rhs,
  };
}

/**
 * Throws LmeError("formula") when the formula has no random-effects term (lmer/glmer need one);
 * the message points to ordinary regression for models without random effects.
 */
export function requireRandomTerms(f: ParsedFormula): void {
  if (f.random.length === 0) throw noRandomTerms(f.source);
}

function collectVars(e: Expr, out: string[]): void {
  switch (e.type) {
    case "var":
      out.push(e.name);
      return;
    case "num":
      return;
    case "named":
      if (e.name === "by") collectVars(e.value, out); // s(x, by = f) uses the column f
      return; // hom = TRUE, bs = "cr", k = 5 name no column
    case "paren":
      return collectVars(e.expr, out);
    case "unary":
      return collectVars(e.arg, out);
    case "call":
      e.args.forEach((a) => collectVars(a, out));
      return;
    case "binary":
      collectVars(e.left, out);
      collectVars(e.right, out);
      return;
  }
}

/**
 * Every data column the formula uses (response, fixed terms, offsets, random-effects left sides
 * and grouping factors), in order of appearance in the text, without duplicates.
 */
export function formulaColumns(f: ParsedFormula): string[] {
  const names: string[] = [];
  if (f.response) collectVars(f.response, names);
  if (f.rhs) collectVars(f.rhs, names);
  else {
    f.fixed.terms.forEach((t) => t.vars.forEach((v) => collectVars(v.expr, names)));
    f.offsets.forEach((o) => collectVars(o, names));
    for (const r of f.random) {
      r.lhs.terms.forEach((t) => t.vars.forEach((v) => collectVars(v.expr, names)));
      r.groups.forEach((g) => collectVars(g.expr, names));
    }
  }
  return [...new Set(names)];
}
