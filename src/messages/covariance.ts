/** Messages of the covariance stage (structure construction, rePCA). */
import { LmeError } from "./error.js";

/** A structure kind that `makeCovariance` does not know. */
export const unknownStructure = (kind: string) =>
  new LmeError("model", `unknown covariance structure '${kind}()'; use (x | g), (x || g), us(), diag(), cs() or ar1()`);

/** A term with no columns (q < 1) cannot carry a covariance structure. */
export const emptyTerm = (kind: string, q: number) =>
  new LmeError("model", `a ${kind}() random-effects term needs at least one column per level, got ${q}; check the left side of the bar`);

/** rePCA was handed a θ vector whose length does not match its terms. */
export const thetaLengthMismatch = (got: number, want: number) =>
  new LmeError("usage", `rePCA: theta has ${got} values but the model's terms need ${want}; pass the fitted model (or its terms and θ together)`);
