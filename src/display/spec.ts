/**
 * The type of a Vega-Lite specification as lme4ts's API sees it. Structural on purpose: the
 * published declarations must not import `vega-lite`'s types, because vega-lite is an optional
 * peer dependency (a TypeScript project without it, or compiled without `skipLibCheck`, would
 * fail on the import). vega-lite's own `TopLevelSpec` objects are assignable to it, and ours can
 * be cast back (`spec as TopLevelSpec`) where vega-lite's stricter type is wanted. Validity is
 * checked in the tests against the Vega-Lite v5 JSON schema, not by this type.
 */
export interface VegaLiteSpec {
  /** The schema URL, e.g. `https://vega.github.io/schema/vega-lite/v5.json`. */
  readonly $schema?: string;
  /** Any other Vega-Lite property (`data`, `mark`, `encoding`, `layer`, `facet`, …). */
  readonly [property: string]: any;
}
