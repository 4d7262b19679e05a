/** Messages of estimated marginal means and contrasts (src/emmeans/). */
export const emmeansMsg = {
  smoothModel: (smooths: readonly string[]) =>
    `reference grids (emmeans, predictionFrame) use the fixed effects only, but the curve of ${smooths.join(", ")} is mostly in its random part, so they would show a straight line: use smoothEstimates(model, "${smooths[0]}") for the smooth with its interval, or predict(model, { newdata, reForm: "~ ${smooths[0]}" }) for predictions with the smooths`,
  badSpecs: (specs: unknown) =>
    `emmeans(model, specs): specs must name factors of the model, as "recipe", ["recipe", "temperature"] or "~ recipe | temperature"; got ${JSON.stringify(specs)}`,
  notAFactor: (name: string, factors: readonly string[]) =>
    `emmeans(): "${name}" is not a factor of the model's fixed effects; the factors are ${factors.length ? factors.map((f) => `"${f}"`).join(", ") : "(none: emmeans of covariates are not supported, use predict() on a grid)"}`,
  unknownOption: (fn: string, key: string, known: readonly string[]) => `${fn}(): unknown option "${key}"; the options are ${known.map((k) => `"${k}"`).join(", ")}`,
  badOption: (fn: string, key: string, value: unknown, allowed: string) => `${fn}(): option "${key}" must be ${allowed}; got ${JSON.stringify(value)}`,
  atUnknown: (name: string) => `emmeans(): at names "${name}", which is not a predictor of the model's fixed effects`,
  atLevel: (name: string, level: string, levels: readonly string[]) => `emmeans(): at.${name} has level "${level}", which is not one of ${levels.map((l) => `"${l}"`).join(", ")}`,
  dfForGlmm: (df: string) => `emmeans(): df "${df}" is for linear mixed models; a glmer fit uses asymptotic (z) inference`,
  typeForLmm: () => `emmeans(): type "response" is for GLMMs (back-transformed through the link); an lmer fit's means are on the response scale already`,
  notEmm: (fn: string) => `${fn}(): expected the result of emmeans(); got something else`,
  badMethod: (method: unknown) =>
    `contrast(): method must be "pairwise", "revpairwise", "trt.vs.ctrl", or custom weights { name: [w1, w2, ...] }; got ${JSON.stringify(method)}`,
  weightsLength: (name: string, len: number, k: number) => `contrast(): the weights of "${name}" have ${len} entries but there are ${k} means per group`,
  badAdjust: (adjust: unknown) =>
    `contrast(): adjust must be one of "tukey", "holm", "bonferroni", "sidak", "dunnettx", "hochberg", "BH", "BY", "fdr", "none" (the multivariate-t "mvt" is not available); got ${JSON.stringify(adjust)}`,
  refLevel: (ref: unknown, k: number) => `contrast(): ref must be a level index from 1 to ${k}; got ${JSON.stringify(ref)}`,
} as const;
