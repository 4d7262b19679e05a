/** The covariance protocol and its implementations; `makeCovariance` picks one per term. */
import type { StructureSpec } from "../formula/types.js";
import type { CovarianceStructure } from "./types.js";
import { unstructured } from "./unstructured.js";
import { diagonal } from "./diag.js";
import { compoundSymmetry } from "./cs.js";
import { autoregressive1 } from "./ar1.js";
import { unknownStructure } from "../messages/covariance.js";

export type { CovarianceStructure } from "./types.js";
export { unstructured } from "./unstructured.js";
export { diagonal } from "./diag.js";
export { compoundSymmetry, csCorrCholesky } from "./cs.js";
export { autoregressive1, ar1CorrCholesky } from "./ar1.js";
export { rePCA, type RePCA, type RePCAModel } from "./rePCA.js";
export { varCorrOf, type VarCorrBlock } from "./varcorr.js";

/**
 * Builds the covariance structure for a term with q columns per level: `us` (plain `(x | g)`,
 * unstructured; `hom` is ignored), `diag`, `cs`, `ar1` (lme4 2.x's structures; `spec.hom` as
 * the formula parser set it, whose defaults are diag/cs heterogeneous and ar1 homogeneous).
 */
export function makeCovariance(spec: StructureSpec, q: number): CovarianceStructure {
  switch (spec.kind) {
    case "us":
      return unstructured(q);
    case "diag":
      return diagonal(q, spec.hom);
    case "cs":
      return compoundSymmetry(q, spec.hom);
    case "ar1":
      return autoregressive1(q, spec.hom);
    default:
      throw unknownStructure(String((spec as { kind: unknown }).kind));
  }
}
