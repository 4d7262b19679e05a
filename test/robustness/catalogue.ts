/**
 * The robustness catalogue: one row per awkward or bad input a new user might try, with the outcome
 * lme4ts must give. Rows live in `rows/*.ts` (one file per topic, each `export const rows: CatalogueRow[]`)
 * and are run by `catalogue.test.ts`; `scripts/refusals-doc.mjs` turns them into docs/refusals.md.
 *
 * Outcomes:
 * - `error`: the call throws an `LmeError` whose message matches the pattern (never another exception).
 * - `warning`: the call returns a result whose `warnings` (or the warnings collected by `run`) match.
 * - `ok`: the call returns; `check` asserts on the result (e.g. estimates equal to lme4's within a
 *   tolerance stated in the row).
 */
export type CatalogueCategory =
  | "data"
  | "formula"
  | "glmm-response"
  | "options"
  | "cli"
  | "inference"
  | "optimizer"
  | "prediction";

export type CatalogueExpect =
  | { error: RegExp }
  | { warning: RegExp; check?: (result: any) => void }
  | { ok: true; check?: (result: any) => void };

export interface CatalogueRow {
  /** Unique kebab-case id (used in test names and the docs page). */
  id: string;
  category: CatalogueCategory;
  /** The input as a user would write it, one line (shown in the docs page). */
  input: string;
  /** Performs the call (API or CLI); its return value is handed to `warning`/`ok` checks. */
  run: () => unknown | Promise<unknown>;
  expect: CatalogueExpect;
  /** Why lme4ts refuses / warns / answers this way, and what lme4 does (one or two sentences). */
  why: string;
}
