/** The covariance protocol and its implementations; `makeCovariance` picks one per term. */
import type { StructureSpec } from "../formula/types.js";
import type { CovarianceStructure } from "./types.js";
import { unstructured } from "./unstructured.js";
import { LmeError } from "../messages/error.js";

export type { CovarianceStructure } from "./types.js";
export { unstructured } from "./unstructured.js";
export { varCorrOf, type VarCorrBlock } from "./varcorr.js";

/** Builds the covariance structure for a term with q columns per level. */
export function makeCovariance(spec: StructureSpec, q: number): CovarianceStructure {
  switch (spec.kind) {
    case "us":
      return unstructured(q);
    default:
      throw new LmeError("model", `covariance structure ${spec.kind}() is not supported yet; use (x | g) or (x || g)`);
  }
}
