/**
 * Recursive-descent parser of the formula language into the `Expr` tree, with R's operator
 * precedence (lowest first): `~`, `| ||`, binary `+ -`, `* /`, `%in%`, `:`, unary `- +`, `^`
 * (right-associative, `a^-1` allowed). Calls take positional arguments and `name = value`.
 * Depth is limited (MAX_NESTING, MAX_TREE_DEPTH) so that no input overflows the stack here or
 * in the recursive tree walks after parsing: too deep a formula is an LmeError.
 */
import { unexpected, unknownFunction, formulaErrorAt, formulaTooDeep, formulaTooLong } from "../messages/formula.js";
import type { Expr } from "./types.js";
import { tokenize, type Token } from "./lexer.js";

/** Every function name the parser accepts; where each may appear is checked on expansion. */
export const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set([
  "s", "I", "log", "log2", "log10", "log1p", "exp", "expm1", "sqrt", "abs", "factor", "as.factor",
  "offset", "cbind", "diag", "cs", "ar1", "us", "poly", "scale", "ns", "bs", "c", "cut", "interaction", "as.numeric", "pmin", "pmax",
]);

/** The two sides of a formula as parsed: `lhs` is null for one-sided `~ x`. */
export interface FormulaSides {
  readonly lhs: Expr | null;
  readonly rhs: Expr;
}

const describe = (t: Token) =>
  t.kind === "end" ? "end of formula" : t.kind === "num" ? `number ${t.text}` : `'${t.text}'`;

const OPERAND = "a variable, a number or '('";

/**
 * Most parentheses, calls, signs and powers inside one another. Each level costs the parser and
 * the later tree walks (expansion, evaluation, deparsing) about 15 stack frames, so 100 levels
 * stay far from Node's stack limit; real formulas nest a handful of levels.
 */
export const MAX_NESTING = 100;
/**
 * Deepest expression tree (a chain `x1 + x2 + ...` is a left-nested tree one level per operator;
 * the tree walks recurse once per level). 1000 allows 1000-term formulas.
 */
export const MAX_TREE_DEPTH = 1000;

class Parser {
  private i = 0;
  /** Current nesting of parentheses, calls, signs and powers. */
  private nesting = 0;
  /** Depth of every node built (leaves 1). */
  private readonly depth = new WeakMap<Expr, number>();
  constructor(private readonly src: string, private readonly toks: Token[]) {}

  /** Enters one level of nesting at token `t`; throws past MAX_NESTING. */
  private enter(t: Token): void {
    if (++this.nesting > MAX_NESTING) throw formulaTooDeep(t.pos, MAX_NESTING);
  }
  /** Records the depth of a new node from its children; throws past MAX_TREE_DEPTH. */
  private node<E extends Expr>(e: E, ...children: Expr[]): E {
    let d = 0;
    for (const c of children) d = Math.max(d, this.depth.get(c) ?? 1);
    if (d + 1 > MAX_TREE_DEPTH) throw formulaTooLong(e.pos, MAX_TREE_DEPTH);
    this.depth.set(e, d + 1);
    return e;
  }

  private peek(): Token {
    return this.toks[this.i]!;
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.text === text;
  }
  private fail(expected: string): never {
    const t = this.peek();
    throw unexpected(this.src, t.pos, describe(t), expected);
  }
  private expectOp(text: string, expected: string): Token {
    if (!this.isOp(text)) this.fail(expected);
    return this.toks[this.i++]!;
  }

  formula(): FormulaSides {
    let lhs: Expr | null = null;
    if (!this.isOp("~")) lhs = this.bar();
    this.expectOp("~", lhs === null ? OPERAND : "'~' or an operator");
    const rhs = this.bar();
    if (this.peek().kind !== "end") this.fail("an operator (+ - * / ^ : |) or the end of the formula");
    return { lhs, rhs };
  }

  private binaryLevel(ops: readonly string[], next: () => Expr): Expr {
    let left = next();
    for (;;) {
      const t = this.peek();
      if (t.kind !== "op" || !ops.includes(t.text)) return left;
      this.i++;
      const right = next();
      left = this.node({ type: "binary", op: t.text as "+", left, right, pos: t.pos }, left, right);
    }
  }

  bar(): Expr {
    return this.binaryLevel(["|", "||"], () => this.sum());
  }
  private sum(): Expr {
    return this.binaryLevel(["+", "-"], () => this.product());
  }
  private product(): Expr {
    return this.binaryLevel(["*", "/"], () => this.special());
  }
  private special(): Expr {
    return this.binaryLevel(["%in%"], () => this.colon());
  }
  private colon(): Expr {
    return this.binaryLevel([":"], () => this.unary());
  }
  private unary(): Expr {
    const t = this.peek();
    if (t.kind === "op" && (t.text === "-" || t.text === "+")) {
      this.i++;
      this.enter(t);
      const arg = this.unary();
      this.nesting--;
      return this.node({ type: "unary", op: t.text, arg, pos: t.pos }, arg);
    }
    return this.power();
  }
  private power(): Expr {
    const base = this.primary();
    const t = this.peek();
    if (t.kind === "op" && t.text === "^") {
      this.i++;
      this.enter(t);
      const right = this.unary();
      this.nesting--;
      return this.node({ type: "binary", op: "^", left: base, right, pos: t.pos }, base, right);
    }
    return base;
  }
  private primary(): Expr {
    const t = this.peek();
    if (t.kind === "num") {
      this.i++;
      return { type: "num", value: t.value!, pos: t.pos };
    }
    if (t.kind === "name") {
      this.i++;
      if (!this.isOp("(")) return { type: "var", name: t.text, pos: t.pos };
      if (!KNOWN_FUNCTIONS.has(t.text)) throw unknownFunction(this.src, t.pos, t.text);
      this.i++;
      this.enter(t);
      const args: Expr[] = [];
      if (!this.isOp(")")) {
        for (;;) {
          args.push(this.argument());
          if (this.isOp(",")) {
            this.i++;
            continue;
          }
          break;
        }
      }
      this.expectOp(")", "',' or ')'");
      this.nesting--;
      return this.node({ type: "call", fn: t.text, args, pos: t.pos }, ...args);
    }
    if (t.kind === "op" && t.text === "(") {
      this.i++;
      this.enter(t);
      const expr = this.bar();
      this.expectOp(")", "')' or an operator");
      this.nesting--;
      return this.node({ type: "paren", expr, pos: t.pos }, expr);
    }
    this.fail(OPERAND);
  }
  private argument(): Expr {
    const t = this.peek();
    const next = this.toks[this.i + 1]!;
    if (t.kind === "name" && next.kind === "op" && next.text === "=") {
      this.i += 2;
      const value = this.bar();
      return this.node({ type: "named", name: t.text, value, pos: t.pos }, value);
    }
    if (t.kind === "op" && t.text === "~") throw formulaErrorAt(this.src, t.pos, `a '~' inside a call at position ${t.pos} is not supported`);
    return this.bar();
  }
}

/**
 * Parses `src` into its sides. Throws LmeError("formula") with a caret message on a syntax
 * error (the caller checks for an empty formula or a missing `~` first for clearer messages).
 */
export function parseSides(src: string): FormulaSides {
  return new Parser(src, tokenize(src)).formula();
}
