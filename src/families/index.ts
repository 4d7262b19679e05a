/**
 * Families beyond the exponential family with a fixed scale (issue 14): per-observation
 * log-densities with derivatives in η and in ν = log φ, in glmmTMB's parameterizations, and
 * their zero-inflated mixtures; response checks for the new families.
 */
export type { LogDensity, ObsLogDensity, ZiLogDensity, ZiObsLogDensity } from "./types.js";
export { newLogDensity, newZiLogDensity } from "./types.js";
export { digamma, trigamma, lbeta, lchoose } from "./gammafns.js";
export { digammaDiff, trigammaDiff } from "./digammaDiff.js";
export { dnbinomMuLog, poissonLogDensity, nbinom2LogDensity, nbinom1LogDensity } from "./counts.js";
export { dbetaLog, dbetabinomLog, betaLogDensity, betabinomialLogDensity, gaussianLogDensity } from "./proportions.js";
export { zeroInflated, logPlogis } from "./zeroInflated.js";
export { dgenpoisLog, genpoisLogDensity } from "./genpois.js";
export { logNonZero, truncatedPoissonLogDensity, truncatedNbinom2LogDensity } from "./truncated.js";
export { compoisLogDensity, compoisLogLambda, compoisLogPmf, compoisVariance, compoisMoments, dcompoisLog, newCompoisMoments, type CompoisMoments } from "./compois.js";
