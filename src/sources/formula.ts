/**
 * The checks and the parse shared by lmer and glmer on a database source: prior weights must be a
 * column of the source and an offset must be in the formula (arrays of per-row values cannot be
 * matched to rows that stay in the engine); the formula needs a response and a random term.
 */
import type { ParsedFormula } from "../formula/types.js";
import { parseFormula, requireRandomTerms, formulaColumns } from "../formula/index.js";
import { needsRowPass, sourceFormulaEmpty, sourceFormulaNoResponse } from "../messages/sources.js";

/** The parsed formula, the weights column (or null) and every column the fit reads. */
export interface SourceFormula {
  readonly f: ParsedFormula & { readonly response: NonNullable<ParsedFormula["response"]> };
  readonly wcol: string | null;
  readonly variables: readonly string[];
}

/** Parses and checks `formula` and the row-level options for a fit from a source. */
export function sourceFormula(formula: string | ParsedFormula, opts: { readonly weights?: unknown; readonly offset?: unknown }): SourceFormula {
  if (opts.weights != null && typeof opts.weights !== "string") throw needsRowPass("weights given as an array", "name a weights column of the source instead");
  if (opts.offset != null) throw needsRowPass("an offset given as an array", "write offset(column) in the formula instead");
  if (typeof formula === "string" && formula.trim() === "") throw sourceFormulaEmpty();
  const f = typeof formula === "string" ? parseFormula(formula) : formula;
  requireRandomTerms(f);
  if (!f.response) throw sourceFormulaNoResponse(f.source);
  const wcol = typeof opts.weights === "string" ? opts.weights : null;
  const variables = [...new Set([...formulaColumns(f), ...(wcol ? [wcol] : [])])];
  return { f: f as SourceFormula["f"], wcol, variables };
}
