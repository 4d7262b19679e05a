/** Messages of saved fits: `saveFit` and `restoreFit`. */
import { LmeError } from "./error.js";

export const notASavedFit = (what: string) =>
  new LmeError("usage", `restoreFit: ${what}; give the object saveFit(model) returned (or JSON.parse of its JSON text)`);

export const savedVersion = (got: unknown, supported: number) =>
  new LmeError("usage", `restoreFit: the saved fit has format version ${JSON.stringify(got)}, this lme4ts reads version ${supported}; refit the model with lmer/glmer and save it again`);

export const otherData = (differences: readonly string[]) =>
  new LmeError("data", `restoreFit: the data differ from those the model was fitted to (${differences.join("; ")}); give the same data, or refit with lmer/glmer on these`);

export const savedMismatch = (what: string) =>
  new LmeError("usage", `restoreFit: the saved fit does not match the model it describes (${what}); the JSON was altered or belongs to another model: refit with lmer/glmer`);

export const cannotSave = (what: string) =>
  new LmeError("usage", `saveFit: ${what}`);
