/**
 * CSparse-style sparse Cholesky: CSC matrices, fill-reducing ordering, elimination tree, symbolic
 * analysis (done once per pattern), allocation-free numeric refactorization, solves and log-determinant.
 *
 * Typical use: `S = symbolicCholesky(A)` once; then per evaluation
 * `L = numericCholesky(A, S, L)` (reusing storage), `solveInPlace(L, b)`, `logDet(L)`.
 */
export {
  type CscMatrix,
  cscFromTriplets,
  transpose,
  upperTriangle,
  sparseMatVec,
  symUpperMatVec,
  cscToDense,
} from "./csc.js";
export { amdOrder } from "./amd.js";
export { etree, postorder } from "./etree.js";
export { type SymbolicCholesky, type RowStructure, symbolicCholesky, rowStructure } from "./symbolic.js";
export {
  type NumericCholesky,
  type CholeskyMethod,
  numericCholesky,
  tryNumericCholesky,
  tryUpLookingCholesky,
} from "./numeric.js";
export { trySupernodalCholesky } from "./supernodal.js";
export { lsolve, ltsolve, permuteVector, ipermuteVector, solveInPlace, logDet } from "./solve.js";
export { supernodalFactorInPlace } from "./supernodal.js";
export { type InPlaceCholesky, inPlaceCholesky } from "./inplace.js";
export { SupernodalEngine, wasmSupernodalAvailable, kernelInstance, ROOT_DENSE_MIN, type CliqueStructure, type SupernodalOptions } from "./wasmSupernodal.js";
export { selectedInverse, selectedInverseColumns, selectedEntry } from "./selinv.js";
export { relaxSupernodes, DEFAULT_RELAX, type RelaxOptions } from "./relax.js";
