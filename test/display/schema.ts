/**
 * Test helper: validates a spec against the Vega-Lite **v5** JSON schema — the version of the
 * MIME type we emit and of JupyterLab 4's built-in renderer — vendored gzipped under
 * test/fixtures/vegalite/ by scripts/fetch-vegalite-v5-schema.sh (the repository's vega-lite
 * is 6, whose schema is v6), with ajv from node_modules (6 or 8; both read draft-07), then
 * compiles the spec with vega-lite and renders it to SVG with vega. No validator is an error,
 * not a skipped check.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { VegaLiteSpec as TopLevelSpec } from "../../src/display/spec.js";
import { compileVegaLite, vegaToSvg } from "../../src/display/svg.js";

const require = createRequire(import.meta.url);
const SCHEMA = new URL("../fixtures/vegalite/vega-lite-v5-schema.json.gz", import.meta.url);

type Validate = ((x: unknown) => boolean) & { errors?: unknown[] | null };
let validator: Validate | undefined;

/** The Vega-Lite v5 schema (draft-07). */
export function vegaLiteV5Schema(): { $schema: string; definitions: Record<string, unknown> } {
  return JSON.parse(gunzipSync(readFileSync(SCHEMA)).toString("utf8"));
}

/** A validator for the Vega-Lite v5 schema (ajv 8 or 6, whichever node_modules has). */
export function schemaValidator(): Validate {
  if (validator) return validator;
  const major = Number(String(require("ajv/package.json").version).split(".")[0]);
  const Ajv = require("ajv") as new (o: object) => { compile(s: object): Validate };
  const Ctor = ((Ajv as unknown as { default?: typeof Ajv }).default ?? Ajv) as typeof Ajv;
  const opts = major >= 8 ? { allErrors: true, strict: false, validateFormats: false, logger: false } : { allErrors: true, unknownFormats: "ignore", schemaId: "auto", logger: false };
  validator = new Ctor(opts).compile(vegaLiteV5Schema());
  return validator;
}

/** Schema errors (empty when valid), compile warnings and the SVG of a spec. */
export async function check(spec: TopLevelSpec): Promise<{ schemaErrors: unknown[] | null; warnings: readonly string[]; svg: string }> {
  const v = schemaValidator();
  const plain = JSON.parse(JSON.stringify(spec)); // what a front end receives
  const ok = v(plain);
  const { vega, warnings } = compileVegaLite(spec);
  const svg = await vegaToSvg(vega);
  return { schemaErrors: ok ? [] : v.errors ?? null, warnings, svg };
}
