/** Messages of the variance decomposition, R² and ICC (src/performance/). */
export const performanceMsg = {
  badLink: (family: string, link: string) =>
    `r2()/icc(): no distribution-specific variance is defined for the ${family} family with the ${link} link (performance supports binomial logit/probit/cloglog and poisson log/sqrt); refit with one of those links`,
  smallMu: (mu: number) =>
    `mu of ${mu.toFixed(1)} is too close to zero: the lognormal approximation of the distribution-specific variance may be unreliable`,
  laplaceFamily: (family: string) =>
    `r2()/icc(): ${family} GLMMs of the general Laplace engine (negative binomial, beta, betabinomial, ziformula, dispformula) have no distribution-specific variance here yet (performance's r2_nakagawa uses family-specific formulas for them, and r2_zeroinflated for zero-inflated models); report the variance components (VarCorr) and compare models by likelihood (anova) instead`,
  singular:
    "some variance components are (near) zero (singular fit, see isSingular()): random-effect variances are not available, so the conditional R² and the ICCs are undefined; simplify the random-effects structure",
} as const;
