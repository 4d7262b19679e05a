/**
 * Error texts of the data-frame layer (`src/dataframe/`): loading danfojs-node and shaping
 * results as DataFrames, column objects or records. Every function throws an `LmeError`
 * naming the culprit and saying what to do.
 */
import { LmeError } from "./error.js";

function reasonOf(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0];
  return String(err);
}

/** `require("danfojs-node")` failed (not installed, or it threw while loading). */
export function danfoUnavailable(err: unknown): never {
  throw new LmeError(
    "usage",
    `A danfojs DataFrame was requested but the package "danfojs-node" could not be loaded (${reasonOf(err)}). ` +
      `Install it with \`npm install danfojs-node\`, or ask for plain tables with { as: "columns" } or { as: "records" }.`,
  );
}

/** The loader returned something without a `DataFrame` constructor. */
export function danfoNoDataFrame(got: unknown): never {
  const shown = got === null ? "null" : typeof got === "object" ? `an object with keys ${Object.keys(got as object).slice(0, 8).join(", ") || "(none)"}` : typeof got;
  throw new LmeError(
    "usage",
    `The danfojs loader returned ${shown}, which has no DataFrame constructor. ` +
      `Pass a loader returning the danfojs-node module (or null to restore the default).`,
  );
}

/** An `as` option that is not one of the output kinds. */
export function badOutputKind(fn: string, as: unknown): never {
  throw new LmeError(
    "usage",
    `${fn}: option as = ${JSON.stringify(as) ?? String(as)} is not an output kind. Use "dataframe", "columns" or "records".`,
  );
}

/** `ranefFrame` / `coefFrame` / `augment` on something that is not a fitted lmer/glmer model. */
export function notAFittedModel(fn: string, got: unknown): never {
  const shown = got === null ? "null" : typeof got === "object" ? (got as object).constructor?.name ?? "an object" : typeof got;
  throw new LmeError("usage", `${fn} needs a model fitted by lmer() or glmer(); it got ${shown}.`);
}

/** lme4's `coef` rule: every random-effect column must be a fixed effect too. */
export function cannotAlignCoef(group: string, column: string, fixed: readonly string[]): never {
  throw new LmeError(
    "usage",
    `coefFrame: the random effect ${JSON.stringify(column)} of grouping factor ${JSON.stringify(group)} has no fixed effect ` +
      `to add it to (fixed effects: ${fixed.map((s) => JSON.stringify(s)).join(", ") || "(none)"}), so per-level coefficients ` +
      `are undefined (lme4: "unable to align random and fixed effects"). Add the term to the fixed part, or use ranefFrame().`,
  );
}
