/**
 * A fingerprint of the columns a model uses: per column its name, kind, factor levels (in order)
 * and ordered flag, and a SHA-256 (node:crypto) of its values in a canonical byte encoding —
 * numeric columns as IEEE-754 float64 little-endian (every NaN as 0x7ff8000000000000, −0 as +0),
 * factor columns as int32 little-endian codes into the levels (−1 = missing). The whole data's
 * hash is the SHA-256 of the JSON of [nrow, column descriptors with their hashes]. Equal
 * fingerprints mean the same values in the same rows (to the collision resistance of SHA-256).
 */
import { createHash } from "node:crypto";
import type { Column, Frame } from "./types.js";
import { getColumn } from "./frame.js";

/** One column's part of a fingerprint. */
export interface ColumnFingerprint {
  readonly name: string;
  readonly kind: "numeric" | "factor";
  readonly levels?: readonly string[];
  readonly ordered?: boolean;
  /** SHA-256 (hex) of the canonical encoding of the values. */
  readonly sha256: string;
}

/** The fingerprint of a data set's columns (see the module doc). */
export interface DataFingerprint {
  readonly algorithm: "sha256";
  readonly nrow: number;
  readonly columns: readonly ColumnFingerprint[];
  readonly sha256: string;
}

function columnBytes(col: Column): Uint8Array {
  if (col.kind === "factor") {
    const out = new DataView(new ArrayBuffer(col.codes.length * 4));
    col.codes.forEach((c, i) => out.setInt32(i * 4, c, true));
    return new Uint8Array(out.buffer);
  }
  const out = new DataView(new ArrayBuffer(col.values.length * 8));
  col.values.forEach((v, i) => {
    if (Number.isNaN(v)) out.setUint32(i * 8 + 4, 0x7ff80000, true);
    else out.setFloat64(i * 8, v === 0 ? 0 : v, true);
  });
  return new Uint8Array(out.buffer);
}

/** The fingerprint of one column. */
export function columnFingerprint(col: Column): ColumnFingerprint {
  const sha256 = createHash("sha256").update(columnBytes(col)).digest("hex");
  return col.kind === "factor"
    ? { name: col.name, kind: "factor", levels: [...col.levels], ordered: col.ordered, sha256 }
    : { name: col.name, kind: "numeric", sha256 };
}

/** The fingerprint of `names` (in that order) in `frame` (every row); a missing column throws as getColumn does. */
export function dataFingerprint(frame: Frame, names: readonly string[]): DataFingerprint {
  const columns = names.map((nm) => ({ ...columnFingerprint(getColumn(frame, nm)), name: nm }));
  const sha256 = createHash("sha256").update(JSON.stringify([frame.nrow, columns])).digest("hex");
  return { algorithm: "sha256", nrow: frame.nrow, columns, sha256 };
}

/**
 * How `now` differs from `saved`, as short phrases naming the rows or columns ("rows: 180 saved,
 * 179 now", "column 'Days': values differ"); empty when they are the same.
 */
export function fingerprintDifferences(saved: DataFingerprint, now: DataFingerprint): string[] {
  const out: string[] = [];
  if (saved.nrow !== now.nrow) out.push(`rows: ${saved.nrow} when saved, ${now.nrow} now`);
  const byName = new Map(now.columns.map((c) => [c.name, c]));
  for (const s of saved.columns) {
    const c = byName.get(s.name);
    if (!c) { out.push(`column '${s.name}' is missing`); continue; }
    if (c.kind !== s.kind) out.push(`column '${s.name}': ${s.kind} when saved, ${c.kind} now`);
    else if (JSON.stringify(c.levels ?? null) !== JSON.stringify(s.levels ?? null)) out.push(`column '${s.name}': factor levels differ (saved ${(s.levels ?? []).join(", ")}; now ${(c.levels ?? []).join(", ")})`);
    else if (c.ordered !== s.ordered) out.push(`column '${s.name}': ${s.ordered ? "ordered" : "unordered"} factor when saved, ${c.ordered ? "ordered" : "unordered"} now`);
    else if (c.sha256 !== s.sha256 && saved.nrow === now.nrow) out.push(`column '${s.name}': values differ`);
  }
  if (out.length === 0 && saved.sha256 !== now.sha256) out.push("the data's fingerprint differs");
  return out;
}
