/**
 * Test helper: validates a spec against vega-lite's bundled JSON schema with the ajv that is
 * already in node_modules (a transitive dependency, draft-07 capable), compiles it with
 * vega-lite and renders it to SVG with vega.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { VegaLiteSpec as TopLevelSpec } from "../../src/display/spec.js";
import { compileVegaLite, vegaToSvg } from "../../src/display/svg.js";

const require = createRequire(import.meta.url);

type Validate = ((x: unknown) => boolean) & { errors?: unknown[] | null };
let validator: Validate | undefined;

/** A validator for the Vega-Lite schema, or undefined when no ajv is installed. */
export function schemaValidator(): Validate | undefined {
  if (validator) return validator;
  let Ajv: new (o: object) => { compile(s: object): Validate };
  try {
    Ajv = require("ajv");
  } catch {
    return undefined;
  }
  const schema = JSON.parse(readFileSync(require.resolve("vega-lite/vega-lite-schema.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true, unknownFormats: "ignore", schemaId: "auto", strict: false, logger: false });
  validator = ajv.compile(schema);
  return validator;
}

/** Schema errors (empty when valid), compile warnings and the SVG of a spec. */
export async function check(spec: TopLevelSpec): Promise<{ schemaErrors: unknown[] | null; warnings: readonly string[]; svg: string }> {
  const v = schemaValidator();
  const ok = v ? v(spec) : true;
  const { vega, warnings } = compileVegaLite(spec);
  const svg = await vegaToSvg(vega);
  return { schemaErrors: ok ? [] : v?.errors ?? null, warnings, svg };
}
