/**
 * R's `update.formula(old, new)`, as lme4's `update` uses it: every `.` on the left of `new` is
 * replaced by the old left side, every `.` on the right by the old right side (in parentheses),
 * a missing left side keeps the old one; the result is then simplified as R's
 * `terms.formula(simplify = TRUE)` does: the right side is expanded into terms (`*`, `/`, `^`,
 * `-`, `0`/`1`/`-1`), repeats and removed terms dropped, terms ordered by interaction order and
 * then by first appearance, written `t1 + t2 + ...`, `- 1` appended without an intercept and the
 * `offset()` terms appended last.
 *
 * Random-effects terms are single variables to R's `terms` (`(Days | Subject)` is one term,
 * removed by `- (Days | Subject)` written with any spacing, and printed in parentheses, as are
 * the structure wrappers: `(diag(x | g))`). Caveat: R lets `.^2` interact a random term with
 * fixed ones, producing meaningless terms such as `(a:1 | g)`; lme4ts refuses that instead.
 */
import { emptyFormula, formulaErrorAt, invalidTerm, missingTilde } from "../messages/formula.js";
import { deparse } from "./deparse.js";
import { TermExpander } from "./expand.js";
import { parseSides } from "./syntax.js";
import type { Expr } from "./types.js";
import { formulaNotString } from "../messages/args.js";

const STRUCTURE_CALLS: ReadonlySet<string> = new Set(["diag", "cs", "ar1", "us"]);
/** Names of the placeholders that stand for random-effects terms (not valid column names). */
const PLACEHOLDER = "\u0001re";

/** Replaces `.` (a variable named ".") by `by`. */
function substituteDot(e: Expr, by: Expr): Expr {
  switch (e.type) {
    case "var":
      return e.name === "." ? by : e;
    case "num":
      return e;
    case "paren":
      return { ...e, expr: substituteDot(e.expr, by) };
    case "unary":
      return { ...e, arg: substituteDot(e.arg, by) };
    case "named":
      return { ...e, value: substituteDot(e.value, by) };
    case "call":
      return { ...e, args: e.args.map((a) => substituteDot(a, by)) };
    case "binary":
      return { ...e, left: substituteDot(e.left, by), right: substituteDot(e.right, by) };
  }
}

/** True when `e` mentions `.`. */
function hasDot(e: Expr): boolean {
  switch (e.type) {
    case "var":
      return e.name === ".";
    case "num":
      return false;
    case "paren":
      return hasDot(e.expr);
    case "unary":
      return hasDot(e.arg);
    case "named":
      return hasDot(e.value);
    case "call":
      return e.args.some(hasDot);
    case "binary":
      return hasDot(e.left) || hasDot(e.right);
  }
}

const unparen = (e: Expr): Expr => (e.type === "paren" ? unparen(e.expr) : e);

/**
 * Replaces each random-effects term (`(x | g)`, `(x || g)`, `diag(x | g)` ..., and a smooth
 * `s(x, …)`, whose random part is one) by a placeholder
 * variable; the same term text gets the same placeholder, so `- (Days|Subject)` removes it.
 */
function hideRandomTerms(e: Expr, texts: string[]): Expr {
  const u = unparen(e);
  const isBar = u.type === "binary" && (u.op === "|" || u.op === "||");
  const isSmooth = u.type === "call" && u.fn === "s"; // s(x, bs = "cr"): kept whole, as written
  if (isBar || isSmooth || (u.type === "call" && STRUCTURE_CALLS.has(u.fn))) {
    const text = isSmooth ? deparse(u) : `(${deparse(u)})`;
    let k = texts.indexOf(text);
    if (k < 0) k = texts.push(text) - 1;
    return { type: "var", name: `${PLACEHOLDER}${k}`, pos: e.pos };
  }
  switch (e.type) {
    case "paren":
      return { ...e, expr: hideRandomTerms(e.expr, texts) };
    case "unary":
      return { ...e, arg: hideRandomTerms(e.arg, texts) };
    case "binary":
      return { ...e, left: hideRandomTerms(e.left, texts), right: hideRandomTerms(e.right, texts) };
    default:
      return e;
  }
}

/** The formula's sides, with the same checks and messages as parseFormula. */
function sides(src: string): { lhs: Expr | null; rhs: Expr } {
  if (src.trim() === "") throw emptyFormula();
  if (!src.includes("~")) throw missingTilde(src);
  return parseSides(src);
}

/**
 * `update.formula(old, new)` (see the module doc): the updated formula as R prints it, e.g.
 * `updateFormula("Reaction ~ Days + (Days | Subject)", ". ~ . - Days")` is
 * `"Reaction ~ (Days | Subject)"`. Throws LmeError("formula") on a syntax error in either
 * formula, on a `.` in the left side when the old formula has none, and on an interaction of a
 * random-effects term with another term.
 */
export function updateFormula(oldSrc: string, newSrc: string): string {
  for (const f of [oldSrc, newSrc]) if (typeof f !== "string") throw formulaNotString("updateFormula", f);
  const old = sides(oldSrc);
  const upd = sides(newSrc);
  let lhs = old.lhs;
  if (upd.lhs) {
    if (!old.lhs && hasDot(upd.lhs))
      throw formulaErrorAt(newSrc, upd.lhs.pos, `'.' on the left side stands for the old response, but '${oldSrc}' has none`);
    lhs = old.lhs ? substituteDot(upd.lhs, old.lhs) : upd.lhs;
  }
  const rhs = substituteDot(upd.rhs, { type: "paren", expr: old.rhs, pos: upd.rhs.pos });
  const texts: string[] = [];
  const hidden = hideRandomTerms(rhs, texts);
  const combined = `${lhs ? deparse(lhs) : ""} ~ ${deparse(rhs)}`;
  const expander = new TermExpander(combined, true);
  const spec = expander.spec(hidden);
  const labels = spec.terms.map((t) => {
    const names = t.vars.map((v) => (v.expr.type === "var" && v.expr.name.startsWith(PLACEHOLDER) ? texts[Number(v.expr.name.slice(PLACEHOLDER.length))]! : v.label));
    if (names.length > 1 && names.some((n, i) => n !== t.vars[i]!.label))
      throw invalidTerm(combined, 0, `the update makes the interaction '${names.join(":")}' of a random-effects term with another term; write the new formula out in full`);
    return names.join(":");
  });
  const parts = [...labels];
  if (parts.length === 0) parts.push(spec.intercept ? "1" : "-1");
  // Offsets follow the terms (R cannot remove one with `- offset(o)`; repeats are one variable),
  // then `- 1` when there is no intercept.
  const offsets = [...new Set(expander.offsets.map((o) => `offset(${deparse(o)})`))];
  let right = [...parts, ...offsets].join(" + ");
  if (!spec.intercept && labels.length > 0) right += " - 1";
  return `${lhs ? `${deparse(lhs)} ` : ""}~ ${right}`;
}
