/**
 * Error texts for optional peer packages that a feature needs but that are not installed (or
 * fail to load): vega + vega-lite for plots rendered to SVG, tslab for the notebook kernel.
 * danfojs-node's text lives with the data-frame layer (`dataframe.ts`). Each names the package
 * and the npm command that installs it.
 */
import { LmeError } from "./error.js";

function reasonOf(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0];
  return String(err);
}

/** The npm command installing the SVG renderer's packages. */
export const VEGA_INSTALL = "npm install vega vega-lite";

/** The npm command installing the kernel's runtime. */
export const TSLAB_INSTALL = "npm install tslab";

/** Loading `vega` / `vega-lite` (for a plot's SVG) failed. */
export function vegaUnavailable(err: unknown): never {
  throw new LmeError(
    "usage",
    `Plots to SVG need the packages \`vega\` and \`vega-lite\`, which could not be loaded (${reasonOf(err)}). ` +
      `Install them in your project: ${VEGA_INSTALL}`,
  );
}

/** `lme4ts kernel install` where tslab cannot be resolved from the package. */
export function tslabUnavailable(): never {
  throw new LmeError(
    "usage",
    `The lme4ts notebook kernel needs tslab, which is not installed where lme4ts can find it. ` +
      `Install it next to lme4ts (${TSLAB_INSTALL}), then run \`npx lme4ts kernel install\` again.`,
  );
}
