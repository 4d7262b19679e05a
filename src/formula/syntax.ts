/**
 * Recursive-descent parser of the formula language into the `Expr` tree, with R's operator
 * precedence (lowest first): `~`, `| ||`, binary `+ -`, `* /`, `%in%`, `:`, unary `- +`, `^`
 * (right-associative, `a^-1` allowed). Calls take positional arguments and `name = value`.
 */
import { unexpected, unknownFunction, formulaErrorAt } from "../messages/formula.js";
import type { Expr } from "./types.js";
import { tokenize, type Token } from "./lexer.js";

/** Every function name the parser accepts; where each may appear is checked on expansion. */
export const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set([
  "I", "log", "log2", "log10", "log1p", "exp", "expm1", "sqrt", "abs", "factor", "as.factor",
  "offset", "cbind", "diag", "cs", "ar1", "us",
]);

/** The two sides of a formula as parsed: `lhs` is null for one-sided `~ x`. */
export interface FormulaSides {
  readonly lhs: Expr | null;
  readonly rhs: Expr;
}

const describe = (t: Token) =>
  t.kind === "end" ? "end of formula" : t.kind === "num" ? `number ${t.text}` : `'${t.text}'`;

const OPERAND = "a variable, a number or '('";

class Parser {
  private i = 0;
  constructor(private readonly src: string, private readonly toks: Token[]) {}

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
      left = { type: "binary", op: t.text as "+", left, right, pos: t.pos };
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
      return { type: "unary", op: t.text, arg: this.unary(), pos: t.pos };
    }
    return this.power();
  }
  private power(): Expr {
    const base = this.primary();
    const t = this.peek();
    if (t.kind === "op" && t.text === "^") {
      this.i++;
      return { type: "binary", op: "^", left: base, right: this.unary(), pos: t.pos };
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
      return { type: "call", fn: t.text, args, pos: t.pos };
    }
    if (t.kind === "op" && t.text === "(") {
      this.i++;
      const expr = this.bar();
      this.expectOp(")", "')' or an operator");
      return { type: "paren", expr, pos: t.pos };
    }
    this.fail(OPERAND);
  }
  private argument(): Expr {
    const t = this.peek();
    const next = this.toks[this.i + 1]!;
    if (t.kind === "name" && next.kind === "op" && next.text === "=") {
      this.i += 2;
      return { type: "named", name: t.text, value: this.bar(), pos: t.pos };
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
