/**
 * Vega-Lite → Vega → SVG in Node, with no browser and no canvas: `vega-lite`'s `compile`
 * produces a Vega spec, `vega.View` with the "none" renderer builds the scenegraph, and
 * `toSVG()` serialises it. Text widths are estimated by vega when no canvas package is
 * installed, so labels may be placed a few pixels differently than in a browser.
 *
 * Compilation warnings (e.g. an encoding dropped as incompatible) are collected rather than
 * printed; `compileVegaLite` returns them so tests can insist on none.
 */
import { compile, type TopLevelSpec } from "vega-lite";
import * as vega from "vega";
import type { VegaLiteSpec } from "./spec.js";

/** A compiled Vega-Lite spec and the warnings vega-lite logged while compiling it. */
export interface CompiledVegaLite {
  readonly vega: vega.Spec;
  readonly warnings: readonly string[];
}

/** Compiles a Vega-Lite spec to Vega, collecting warnings (errors throw). */
export function compileVegaLite(spec: VegaLiteSpec): CompiledVegaLite {
  const warnings: string[] = [];
  let level = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level as never;
      level = l;
      return logger as never;
    },
    error(...args: readonly unknown[]) {
      throw new Error(`vega-lite: ${args.map(String).join(" ")}`);
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(" "));
      return logger as never;
    },
    info() {
      return logger as never;
    },
    debug() {
      return logger as never;
    },
  };
  const out = compile(spec as TopLevelSpec, { logger: logger as never });
  return { vega: out.spec, warnings };
}

/** Renders a Vega spec to an SVG string (headless, no DOM). */
export async function vegaToSvg(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a Vega-Lite spec to an SVG string: `compileVegaLite` then `vegaToSvg`. */
export async function vegaLiteToSvg(spec: VegaLiteSpec): Promise<string> {
  return vegaToSvg(compileVegaLite(spec).vega);
}
