/**
 * Expansion of a linear-predictor expression into R's terms (R's `terms.formula`): `+`, `-`,
 * `*` (a + b + a:b), `:`, `/` (a + a:b), `%in%`, `(…)^k`, `0`/`1`/`-1` for the intercept,
 * `offset()`. A term is a set of variables; its label lists the variables in order of first
 * appearance in the expression (so `a + b:a` has the term "a:b", as in R). Terms are sorted
 * by their number of variables, stably, and duplicates are removed.
 */
import { BASIS_FUNCTIONS } from "./bases.js";
import { formulaErrorAt, invalidTerm, tooManyTerms, wrongArgCount } from "../messages/formula.js";
import { deparse } from "./deparse.js";
import { smoothLabel, smoothPart } from "./smooth.js";
import type { Expr, LinearSpec, Term, Variable } from "./types.js";

/** One-argument numeric functions allowed as variables and inside I(). */
export const NUMERIC_FUNCTIONS: ReadonlySet<string> = new Set([
  "log", "log2", "log10", "log1p", "exp", "expm1", "sqrt", "abs",
]);

/** Functions that make a model variable from one argument (`I(x^2)`, `log(x)`, `factor(x)`). */
const VARIABLE_FUNCTIONS: ReadonlySet<string> = new Set([...NUMERIC_FUNCTIONS, "I", "factor", "as.factor"]);

const unparen = (e: Expr): Expr => (e.type === "paren" ? unparen(e.expr) : e);

/**
 * Most terms one expression may expand to (and most term pairs one interaction may form, ×20):
 * `(x1 + ... + x30)^30` has 2^30 terms, which would hang and exhaust memory; no mixed model has
 * more than a few hundred fixed-effect terms.
 */
export const MAX_TERMS = 2000;

/**
 * Checks that `e` is an arithmetic expression R could evaluate to numbers (inside `I()`, a
 * numeric function, `factor()`, `offset()` or the response): columns, numbers, `+ - * / ^`,
 * unary minus and the numeric functions (and `I`). Throws with a caret otherwise.
 */
export function checkArithmetic(src: string, e: Expr): void {
  switch (e.type) {
    case "var":
    case "num":
      return;
    case "paren":
      return checkArithmetic(src, e.expr);
    case "unary":
      return checkArithmetic(src, e.arg);
    case "binary":
      if (!["+", "-", "*", "/", "^"].includes(e.op))
        throw invalidTerm(src, e.pos, `'${e.op}' cannot be used inside a function call; only + - * / ^ are arithmetic here`);
      checkArithmetic(src, e.left);
      checkArithmetic(src, e.right);
      return;
    case "call":
      if (e.fn === "pmin" || e.fn === "pmax") {
        if (e.args.length === 0) throw wrongArgCount(src, e.pos, e.fn, "at least one argument", 0);
        return e.args.forEach((a) => checkArithmetic(src, a));
      }
      if (e.fn === "as.numeric") {
        if (e.args.length !== 1) throw wrongArgCount(src, e.pos, e.fn, "one argument", e.args.length);
        const a = e.args[0]!;
        // as.numeric(factor(x)) is allowed: the codes of the factor
        if (a.type === "call" && (a.fn === "factor" || a.fn === "as.factor")) return checkArithmetic(src, a.args[0] ?? a);
        return checkArithmetic(src, a);
      }
      if (!NUMERIC_FUNCTIONS.has(e.fn) && e.fn !== "I")
        throw invalidTerm(src, e.pos, `${e.fn}() cannot be used inside an arithmetic expression`);
      if (e.args.length !== 1) throw wrongArgCount(src, e.pos, e.fn, "one argument", e.args.length);
      return checkArithmetic(src, e.args[0]!);
    case "named":
      throw invalidTerm(src, e.pos, `named argument '${e.name}' is not allowed here`);
  }
}

/** Expands linear-predictor expressions; one instance per LinearSpec (it owns the intercept flag). */
export class TermExpander {
  private readonly vars: Variable[] = [];
  private readonly index = new Map<string, number>();
  private intercept = true;
  /** Inside the right side of `-`, where `1` removes and `0` restores the intercept. */
  private negated = false;
  readonly offsets: Expr[] = [];

  constructor(private readonly src: string, private readonly allowOffset: boolean) {}

  /** The expanded spec of `e` (R's rules; the intercept is implicit unless `0`/`-1` appear). */
  spec(e: Expr): LinearSpec {
    const raw = this.expand(e);
    const sorted = raw
      .map((t, i) => ({ t, i }))
      .sort((a, b) => a.t.length - b.t.length || a.i - b.i)
      .map((x) => x.t);
    const terms: Term[] = sorted.map((t) => {
      const vars = t.map((k) => this.vars[k]!);
      return { vars, label: vars.map((v) => v.label).join(":") };
    });
    return { intercept: this.intercept, terms };
  }

  private register(e: Expr): number {
    const label = e.type === "call" && e.fn === "s" ? smoothLabel(e) : deparse(e);
    let k = this.index.get(label);
    if (k === undefined) {
      k = this.vars.length;
      this.vars.push({ expr: e, label });
      this.index.set(label, k);
    }
    return k;
  }

  /** Terms as sorted arrays of variable indices, duplicates and empty terms removed. */
  private expand(e: Expr): number[][] {
    switch (e.type) {
      case "paren":
        return this.expand(e.expr);
      case "num":
        if (e.value === 0 || e.value === 1) {
          this.intercept = (e.value === 1) !== this.negated;
          return [];
        }
        throw invalidTerm(this.src, e.pos, `the number ${deparse(e)} cannot be a term; use 1 (intercept), 0 or -1 (no intercept), or I(...) for arithmetic`);
      case "var":
        if (e.name === ".") throw invalidTerm(this.src, e.pos, "'.' (all other columns) is not supported; list the columns");
        return [[this.register(e)]];
      case "call":
        return this.call(e);
      case "unary":
        if (e.op === "+") return this.expand(e.arg);
        return this.minus([], e.arg);
      case "named":
        throw invalidTerm(this.src, e.pos, `named argument '${e.name}' is not allowed here`);
      case "binary":
        return this.binary(e);
    }
  }

  private call(e: Extract<Expr, { type: "call" }>): number[][] {
    if (e.fn === "offset") {
      if (!this.allowOffset) throw invalidTerm(this.src, e.pos, "offset() is only allowed in the fixed-effects part");
      if (e.args.length !== 1) throw wrongArgCount(this.src, e.pos, "offset", "one argument", e.args.length);
      checkArithmetic(this.src, e.args[0]!);
      this.offsets.push(e.args[0]!);
      return [];
    }
    if (e.fn === "s") {
      // the fixed part of a smooth made by splitSmooths (smooth.ts); s() elsewhere is an error
      if (smoothPart(e) === "fixed") return [[this.register(e)]];
      throw invalidTerm(this.src, e.pos, "a smooth s(x, bs = \"cr\") can only be added with + at the top level of the formula (not inside an interaction or a random-effects term)");
    }
    if (BASIS_FUNCTIONS.has(e.fn)) {
      // poly(x, 2), scale(x, center = 3), ns(x, df = 3): the variable is arithmetic, the other
      // arguments constants checked when the basis is learned (src/formula/bases.ts)
      const x = e.args.find((a) => a.type !== "named") ?? e.args.find((a) => a.type === "named" && a.name === "x");
      if (!x) throw wrongArgCount(this.src, e.pos, e.fn, "a variable as first argument", 0);
      checkArithmetic(this.src, x.type === "named" ? x.value : x);
      return [[this.register(e)]];
    }
    if (e.fn === "cut" || e.fn === "interaction" || e.fn === "pmin" || e.fn === "pmax" || e.fn === "as.numeric") {
      // cut(x, breaks): x arithmetic, the rest constants (checked on evaluation); interaction(f, g):
      // variables or factor(); pmin/pmax/as.numeric: arithmetic
      const vars = e.fn === "cut" ? e.args.filter((a) => a.type !== "named").slice(0, 1) : e.fn === "interaction" ? e.args : [];
      if (e.fn === "cut" && vars.length === 0) throw wrongArgCount(this.src, e.pos, e.fn, "a variable as first argument", 0);
      if (e.fn === "interaction" && e.args.length < 1) throw wrongArgCount(this.src, e.pos, e.fn, "at least one factor", 0);
      for (const a of vars) this.checkFactorArg(a);
      if (vars.length === 0) checkArithmetic(this.src, e);
      return [[this.register(e)]];
    }
    if (VARIABLE_FUNCTIONS.has(e.fn)) {
      if (e.args.length !== 1) throw wrongArgCount(this.src, e.pos, e.fn, "one argument", e.args.length);
      checkArithmetic(this.src, e.args[0]!);
      return [[this.register(e)]];
    }
    if (e.fn === "cbind") throw invalidTerm(this.src, e.pos, "cbind() is only allowed as the response (left of ~)");
    throw invalidTerm(this.src, e.pos, `${e.fn}(...) must wrap a random-effects term (x | group) added with + at the top level`);
  }

  /** An argument of interaction() or cut(): arithmetic, or a factor-making call around arithmetic. */
  private checkFactorArg(a: Expr): void {
    if (a.type === "call" && (a.fn === "factor" || a.fn === "as.factor" || a.fn === "cut")) {
      const x = a.args.find((b) => b.type !== "named");
      if (!x) throw wrongArgCount(this.src, a.pos, a.fn, "a variable as first argument", 0);
      return this.checkFactorArg(x);
    }
    if (a.type === "call" && a.fn === "interaction") return a.args.forEach((b) => this.checkFactorArg(b));
    checkArithmetic(this.src, a);
  }

  private minus(left: number[][], rightExpr: Expr): number[][] {
    const saved = this.negated;
    this.negated = !saved;
    const right = this.expand(rightExpr);
    this.negated = saved;
    const drop = new Set(right.map((t) => t.join(",")));
    return left.filter((t) => !drop.has(t.join(",")));
  }

  private binary(e: Extract<Expr, { type: "binary" }>): number[][] {
    const out = this.binaryTerms(e);
    if (out.length > MAX_TERMS) throw tooManyTerms(this.src, e.pos, MAX_TERMS);
    return out;
  }

  private binaryTerms(e: Extract<Expr, { type: "binary" }>): number[][] {
    const interact = (l: readonly number[][], r: readonly number[][]) => {
      if (l.length * r.length > 20 * MAX_TERMS) throw tooManyTerms(this.src, e.pos, MAX_TERMS);
      return interactTerms(l, r);
    };
    switch (e.op) {
      case "+":
        return trim([...this.expand(e.left), ...this.expand(e.right)]);
      case "-":
        return this.minus(this.expand(e.left), e.right);
      case ":":
        return interact(this.expand(e.left), this.expand(e.right));
      case "*": {
        const l = this.expand(e.left);
        const r = this.expand(e.right);
        return trim([...l, ...r, ...interact(l, r)]);
      }
      case "/": {
        const l = this.expand(e.left);
        const r = this.expand(e.right);
        const all = [...new Set(l.flat())].sort((x, y) => x - y);
        return trim([...l, ...r.map((t) => union(all, t))]);
      }
      case "%in%": {
        const l = this.expand(e.left);
        const all = [...new Set(this.expand(e.right).flat())].sort((x, y) => x - y);
        return trim(l.map((t) => union(t, all)));
      }
      case "^": {
        const base = this.expand(e.left);
        const k = unparen(e.right);
        if (k.type !== "num" || !Number.isInteger(k.value) || k.value < 1)
          throw invalidTerm(this.src, e.right.pos, "the power of a term must be a whole number ≥ 1, e.g. (a + b + c)^2; for arithmetic use I(x^2)");
        // (a + b)^k for k ≥ the number of variables is all their interactions: stop there
        const kmax = Math.min(k.value, new Set(base.flat()).size);
        let out = base;
        for (let j = 1; j < kmax; j++) out = interact(base, out);
        return out;
      }
      case "|":
      case "||":
        throw formulaErrorAt(
          this.src,
          e.pos,
          `the random-effects term '${deparse(e)}' must be in parentheses and added with +, e.g. y ~ x + (1 | g)`,
        );
    }
  }
}

/** The union of two sorted sets of variable indices (sorted merge). */
function union(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    out.push(x <= y ? x : y);
    if (x <= y) i++;
    if (y <= x) j++;
  }
  return out;
}

/** R's InteractTerms: every left term with every right term (left outer), repeats removed. */
function interactTerms(l: readonly number[][], r: readonly number[][]): number[][] {
  const out: number[][] = [];
  for (const a of l) for (const b of r) out.push(union(a, b));
  return trim(out);
}

/** Removes empty terms and repeats (keeping the first). */
function trim(ts: readonly number[][]): number[][] {
  const seen = new Set<string>();
  const out: number[][] = [];
  for (const t of ts) {
    const key = t.join(",");
    if (t.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}
