/**
 * The lazy door to the SVG renderer (`svg.ts`, which imports vega and vega-lite). vega and
 * vega-lite are optional peer dependencies: nothing loads them until a plot's SVG is asked for,
 * and when they are missing the caller gets an `LmeError` naming them and the npm command
 * (`npm install vega vega-lite`) instead of Node's module-resolution error.
 */
import { vegaUnavailable } from "../messages/packages.js";
import type { VegaLiteSpec } from "./spec.js";

/**
 * The part of the renderer module (`svg.ts`) callers use. Declared here rather than as
 * `typeof import("./svg.js")` so that these declarations never reach vega's types.
 */
export interface SvgRenderer {
  /** Renders a Vega-Lite spec to an SVG string (vega-lite's compile, then vega's headless view). */
  vegaLiteToSvg(spec: VegaLiteSpec): Promise<string>;
}

let renderer: Promise<SvgRenderer> | undefined;

/** Loads `svg.ts` (and with it vega and vega-lite) once; LmeError when they cannot be loaded. */
export function loadSvgRenderer(): Promise<SvgRenderer> {
  renderer ??= import("./svg.js").catch((err: unknown) => {
    renderer = undefined; // a later call (after `npm install`) tries again
    return vegaUnavailable(err);
  });
  return renderer;
}
