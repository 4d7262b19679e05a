/** Error codes, one per kind of user-facing failure. */
export type LmeErrorCode =
  | "data" // bad or missing data, columns, values
  | "formula" // a formula that does not parse or names something unknown
  | "model" // a model that cannot be built from the data (too few levels, ...)
  | "family" // GLMM family / link / response problems
  | "numeric" // numerical failure (not positive definite, divergence)
  | "optim" // optimizer failure
  | "usage"; // an API or CLI call with wrong arguments

/** The one error class lme4ts throws for user-facing problems. */
export class LmeError extends Error {
  readonly code: LmeErrorCode;
  constructor(code: LmeErrorCode, message: string) {
    super(message);
    this.name = "LmeError";
    this.code = code;
  }
}
