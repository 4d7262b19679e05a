/** Types of bench/duckdb-scale.mjs (the DuckDB scale bench's data generator); see that file for the details. */

/** Clients, items and basket size of a retail-like crossed design. */
export interface RetailDesign {
  readonly clients: number;
  readonly items: number;
  readonly basket: number;
}
/** The designs of the bench's LMM and GLMM measurements. */
export const DESIGNS: { readonly lmm: RetailDesign; readonly glmm: RetailDesign };
/** "y ~ x + (1 + x | client) + (1 | item)" */
export const LMM_FORMULA: string;
/** "buy ~ promo + (1 | client) + (1 | item)" */
export const GLMM_FORMULA: string;
/** DuckDB SQL writing about `rows` seeded retail-like rows (client, item, x, y, promo, buy) to a Parquet file at `path`. */
export function generateSql(path: string, rows: number, design: RetailDesign, seed?: number): string;
/** Optimizer settings of the tight comparison (BOBYQA to a trust radius of 1e-11, no f/x tolerance stop). */
export const TIGHT: { readonly ftolAbs: number; readonly xtolAbs: number; readonly rhoend: number };
