/** Messages of the broom-style tables (src/tidy/). */
export const tidyMsg = {
  badOptions: "tidy(): options must be an object such as { effects: [\"fixed\"], \"conf.int\": true }",
  unknownOption: (k: string, known: readonly string[]) => `tidy(): unknown option "${k}"; the options are ${known.map((x) => `"${x}"`).join(", ")}`,
  badEffect: (e: string, allowed: readonly string[]) => `tidy(): effects "${e}" is not one of ${allowed.map((x) => `"${x}"`).join(", ")}`,
  badConfInt: (v: unknown) => `tidy(): "conf.int" must be true or false, not ${JSON.stringify(v)}`,
  badLevel: (v: unknown) => `tidy(): "conf.level" must be a number strictly between 0 and 1 (e.g. 0.95), not ${JSON.stringify(v)}`,
  badScales: (v: unknown) => `tidy(): scales must be "sdcor" or "vcov", not ${JSON.stringify(v)}`,
  noCoef: "tidy(): effects \"ran_coefs\" needs coef() of the model, which this model does not have; use \"ran_vals\" and \"fixed\"",
} as const;
