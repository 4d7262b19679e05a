/**
 * The formula AST and its expanded form. `parseFormula` (src/formula/parse.ts) produces a
 * `ParsedFormula`; model-matrix builders (src/model/) consume it.
 */

/** A node of the parsed expression tree; `pos` is the 0-based character offset in the source. */
export type Expr =
  | { readonly type: "var"; readonly name: string; readonly pos: number }
  | { readonly type: "num"; readonly value: number; readonly pos: number }
  | { readonly type: "call"; readonly fn: string; readonly args: readonly Expr[]; readonly pos: number }
  | {
      readonly type: "binary";
      readonly op: "+" | "-" | "*" | "/" | "^" | ":" | "|" | "||" | "%in%";
      readonly left: Expr;
      readonly right: Expr;
      readonly pos: number;
    }
  | { readonly type: "unary"; readonly op: "-" | "+"; readonly arg: Expr; readonly pos: number }
  | { readonly type: "paren"; readonly expr: Expr; readonly pos: number }
  /** A named call argument, `hom = TRUE` in `cs(1 | g, hom = TRUE)`. */
  | { readonly type: "named"; readonly name: string; readonly value: Expr; readonly pos: number };

/**
 * A model variable: a bare column (`Days`), or a call evaluated on the data
 * (`I(age_s^2)`, `log(x)`, `factor(time)`). `label` is R's deparsed text, used in column names.
 */
export interface Variable {
  readonly expr: Expr;
  readonly label: string;
}

/** A term of a linear predictor: the interaction of its variables (`recipe:temp`). */
export interface Term {
  readonly vars: readonly Variable[];
  /** R's term label, variables joined by ":" in formula order, e.g. "recipe:temp". */
  readonly label: string;
}

/** The right-hand side of a linear predictor after expansion of `*`, `/`, `-`, `0 +`, `-1`. */
export interface LinearSpec {
  readonly intercept: boolean;
  /** Terms in R's order: by interaction order, then by first appearance. */
  readonly terms: readonly Term[];
}

/** Covariance structure of a random-effects term (lme4 2.x): `us` for plain `(x | g)`. */
export interface StructureSpec {
  readonly kind: "us" | "diag" | "cs" | "ar1";
  /** One common variance (`hom = TRUE`); defaults per structure as in lme4 2.x. */
  readonly hom: boolean;
}

/**
 * One random-effects term after expansion: `(Days || Subject)` becomes two terms,
 * `(1 | batch/cask)` becomes `(1 | batch)` and `(1 | cask:batch)`.
 */
export interface RandomTermSpec {
  /** The left-hand side: a linear predictor whose model matrix gives the term's columns. */
  readonly lhs: LinearSpec;
  /** The grouping variables, interacted (`cask:batch` has [cask, batch]). */
  readonly groups: readonly Variable[];
  /** The grouping factor's name as lme4 prints it, e.g. "Subject", "cask:batch". */
  readonly groupLabel: string;
  readonly structure: StructureSpec;
}

/** A parsed, expanded model formula. */
export interface ParsedFormula {
  readonly source: string;
  /** The response expression (`Reaction`, `cbind(incidence, size - incidence)`, `incidence/size`), or null. */
  readonly response: Expr | null;
  readonly responseLabel: string | null;
  readonly fixed: LinearSpec;
  /** `offset(expr)` terms of the fixed part. */
  readonly offsets: readonly Expr[];
  readonly random: readonly RandomTermSpec[];
  /** The right-hand side as parsed (before expansion); used for column order and messages. */
  readonly rhs?: Expr;
}
