/**
 * Random-effects terms (lme4's `findbars`/`nobars`/`expandDoubleVerts`/`expandSlash`):
 * `(lhs | g)` at the top `+` level of the right-hand side, `(lhs || g)` split into independent
 * terms, grouping `a/b` into `a` and `b:a`, `a:b` kept as one interaction grouping, and the
 * lme4 2.x structure wrappers `diag( )`, `cs( )`, `ar1( )`, `us( )` with `hom = TRUE/FALSE`.
 */
import { badHom, formulaErrorAt, invalidTerm, wrongArgCount } from "../messages/formula.js";
import { deparse } from "./deparse.js";
import { checkArithmetic, TermExpander } from "./expand.js";
import type { Expr, LinearSpec, RandomTermSpec, StructureSpec, Variable } from "./types.js";

type BarExpr = Extract<Expr, { type: "binary" }>;

const STRUCTURES: Readonly<Record<string, boolean>> = { us: false, diag: false, cs: false, ar1: true };

const unparen = (e: Expr): Expr => (e.type === "paren" ? unparen(e.expr) : e);
const isBar = (e: Expr): boolean => e.type === "binary" && (e.op === "|" || e.op === "||");

/** True when `e` contains a `|`/`||` or a structure wrapper anywhere. */
function containsBar(e: Expr): boolean {
  switch (e.type) {
    case "binary":
      return isBar(e) || containsBar(e.left) || containsBar(e.right);
    case "paren":
      return containsBar(e.expr);
    case "unary":
      return containsBar(e.arg);
    case "call":
      return e.fn in STRUCTURES || e.args.some(containsBar);
    case "named":
      return containsBar(e.value);
    default:
      return false;
  }
}

/** A bar found in the formula with its covariance structure. */
interface FoundBar {
  readonly bar: BarExpr;
  readonly structure: StructureSpec;
}

/**
 * Splits the right-hand side into the fixed part (bars removed; null when nothing is left) and
 * the random-effects bars in formula order. Bars must sit at the top `+` level.
 */
export function splitBars(src: string, rhs: Expr): { fixed: Expr | null; bars: FoundBar[] } {
  const bars: FoundBar[] = [];
  const strip = (e: Expr): Expr | null => {
    const u = unparen(e);
    if (isBar(u)) {
      bars.push({ bar: u as BarExpr, structure: { kind: "us", hom: false } });
      return null;
    }
    if (u.type === "call" && u.fn in STRUCTURES) {
      bars.push(structured(src, u));
      return null;
    }
    if (!containsBar(e)) return e;
    if (u.type === "binary" && u.op === "+") {
      const l = strip(u.left);
      const r = strip(u.right);
      if (l === null) return r;
      if (r === null) return l;
      return { ...u, left: l, right: r };
    }
    if (u.type === "binary" && u.op === "-" && !containsBar(u.right)) {
      const l = strip(u.left);
      return l === null ? { type: "unary", op: "-", arg: u.right, pos: u.pos } : { ...u, left: l };
    }
    throw formulaErrorAt(
      src,
      e.pos,
      `a random-effects term can only be added with + (as in y ~ x + (1 | g)); it cannot be part of '${deparse(e)}'`,
    );
  };
  return { fixed: strip(rhs), bars };
}

function structured(src: string, call: Extract<Expr, { type: "call" }>): FoundBar {
  const positional = call.args.filter((a) => a.type !== "named");
  if (positional.length !== 1) throw wrongArgCount(src, call.pos, call.fn, "one random-effects term (x | group) and optionally hom = TRUE/FALSE", positional.length);
  const bar = unparen(positional[0]!);
  if (bar.type !== "binary" || bar.op !== "|")
    throw formulaErrorAt(src, positional[0]!.pos, `${call.fn}() needs a random-effects term with a single bar, e.g. ${call.fn}(1 + x | group)`);
  let hom = STRUCTURES[call.fn]!;
  for (const a of call.args) {
    if (a.type !== "named") continue;
    if (a.name !== "hom") throw formulaErrorAt(src, a.pos, `${call.fn}() has no argument '${a.name}'; the only named argument is hom = TRUE/FALSE`);
    const v = unparen(a.value);
    if (v.type !== "var" || !["TRUE", "FALSE", "T", "F"].includes(v.name)) throw badHom(src, a.value.pos);
    hom = v.name === "TRUE" || v.name === "T";
  }
  return { bar, structure: { kind: call.fn as StructureSpec["kind"], hom } };
}

/** The grouping factors of a bar's right side: `a/b/c` → [a], [b, a], [c, b, a]; `a:b` → [a, b]. */
function groupings(src: string, e: Expr): Variable[][] {
  const u = unparen(e);
  if (u.type === "binary" && u.op === "/") {
    const l = groupings(src, u.left);
    const r = groupings(src, u.right);
    const outer = l[l.length - 1]!;
    return [...l, ...r.map((g) => [...g, ...outer])];
  }
  if (u.type === "binary" && u.op === ":") {
    const l = groupings(src, u.left);
    const r = groupings(src, u.right);
    if (l.length !== 1 || r.length !== 1) throw invalidTerm(src, u.pos, "a nested grouping (a/b) cannot be part of an interaction grouping; write the terms out");
    return [[...l[0]!, ...r[0]!]];
  }
  if (u.type === "var") return [[{ expr: u, label: deparse(u) }]];
  if (u.type === "call" && (u.fn === "factor" || u.fn === "as.factor")) {
    if (u.args.length !== 1) throw wrongArgCount(src, u.pos, u.fn, "one argument", u.args.length);
    checkArithmetic(src, u.args[0]!);
    return [[{ expr: u, label: deparse(u) }]];
  }
  throw invalidTerm(src, u.pos, `the grouping factor '${deparse(u)}' must be a variable, an interaction a:b or a nesting a/b`);
}

/**
 * Expands one bar into RandomTermSpecs: `||` splits the left side into `(1 | g)` (when it has
 * an intercept) and one `(0 + term | g)` per term; each block is then crossed with the groupings.
 */
export function expandBar(src: string, found: FoundBar): RandomTermSpec[] {
  const { bar, structure } = found;
  const lhs = new TermExpander(src, false).spec(bar.left);
  const blocks: LinearSpec[] =
    bar.op === "||"
      ? [...(lhs.intercept ? [{ intercept: true, terms: [] }] : []), ...lhs.terms.map((t) => ({ intercept: false, terms: [t] }))]
      : [lhs];
  if (blocks.length === 0 || (bar.op === "|" && !lhs.intercept && lhs.terms.length === 0))
    throw formulaErrorAt(src, bar.pos, `the random-effects term '(${deparse(bar)})' has no columns: its left side needs 1 or a variable`);
  const groups = groupings(src, bar.right);
  const out: RandomTermSpec[] = [];
  for (const block of blocks)
    for (const g of groups) out.push({ lhs: block, groups: g, groupLabel: g.map((v) => v.label).join(":"), structure });
  return out;
}
