/** Convergence-check messages (lme4's wording). */
export const convergenceGradient = (g: number, tol: number) =>
  `Model failed to converge with max|grad| = ${g.toPrecision(5)} (tol = ${tol}, component 1): check the scaling of the predictors, or refit with another optimizer`;
export const convergenceHessian = () =>
  "Model failed to converge: the Hessian of the objective at the optimum is not positive definite (a degenerate Hessian); the model may be over-parameterized";
export const singularFit = () => "boundary (singular) fit: see isSingular()";
/** lme4's check.conv.hess: the largest Hessian eigenvalue exceeds 1/tol. */
export const convergenceLargeEigen = () => "Model is nearly unidentifiable: very large eigenvalue - Rescale variables?";
/** lme4's check.conv.hess: smallest/largest Hessian eigenvalue below tol. */
export const convergenceEigenRatio = () => "Model is nearly unidentifiable: large eigenvalue ratio - Rescale variables?";
