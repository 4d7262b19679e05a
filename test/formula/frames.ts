/** Test helpers: Frames built directly (no dependency on src/data) and a tiny CSV+schema reader. */
import { readFileSync, existsSync } from "node:fs";
import type { Column, Frame } from "../../src/data/types.js";

export const SHARED = "/work/shared";

/** A Frame from plain arrays: numbers → numeric; strings → factor (levels given or first-seen order). */
export function frameOf(
  cols: Record<string, readonly (number | string | null)[]>,
  opts: { levels?: Record<string, readonly string[]>; ordered?: readonly string[] } = {},
): Frame {
  const columns = new Map<string, Column>();
  let nrow = 0;
  for (const [name, vals] of Object.entries(cols)) {
    nrow = vals.length;
    if (vals.some((v) => typeof v === "string")) {
      const levels = opts.levels?.[name] ?? [...new Set(vals.filter((v): v is string => typeof v === "string"))];
      const codes = Int32Array.from(vals, (v) => (v === null ? -1 : levels.indexOf(String(v))));
      columns.set(name, { kind: "factor", name, codes, levels, ordered: opts.ordered?.includes(name) ?? false });
    } else {
      columns.set(name, { kind: "numeric", name, values: Float64Array.from(vals, (v) => (v === null ? NaN : Number(v))) });
    }
  }
  return { nrow, names: Object.keys(cols), columns };
}

function splitCsvLine(line: string): { text: string; quoted: boolean }[] {
  const out: { text: string; quoted: boolean }[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = "";
      i++;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') {
          s += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else s += line[i++];
      }
      out.push({ text: s, quoted: true });
      i++; // comma
    } else {
      const j = line.indexOf(",", i);
      const end = j < 0 ? line.length : j;
      out.push({ text: line.slice(i, end), quoted: false });
      i = end + 1;
    }
  }
  return out;
}

interface SchemaCol {
  name: string;
  type: string;
  levels?: string[];
  ordered?: boolean;
}

/** Reads NAME.csv with NAME.schema.json from datasets/, reference/data/ or reference-structured/data/. */
export function readDataset(name: string): Frame {
  const dirs = [`${SHARED}/datasets`, `${SHARED}/reference/data`, `${SHARED}/reference-structured/data`];
  const dir = dirs.find((d) => existsSync(`${d}/${name}.csv`));
  if (!dir) throw new Error(`no dataset ${name}`);
  const schema = JSON.parse(readFileSync(`${dir}/${name}.schema.json`, "utf8")) as { columns: SchemaCol[] };
  const lines = readFileSync(`${dir}/${name}.csv`, "utf8").split(/\r?\n/).filter((l) => l.length > 0);
  const header = splitCsvLine(lines[0]!).map((c) => c.text);
  const rows = lines.slice(1).map(splitCsvLine);
  const columns = new Map<string, Column>();
  header.forEach((h, j) => {
    const sc = schema.columns.find((c) => c.name === h);
    const cells = rows.map((r) => r[j]!);
    if (sc?.type === "factor" || sc?.type === "character" || sc?.type === "logical") {
      const levels = sc.levels ?? [...new Set(cells.filter((c) => c.text !== "NA" || c.quoted).map((c) => c.text))].sort();
      const index = new Map(levels.map((l, i) => [l, i]));
      const codes = Int32Array.from(cells, (c) => (!c.quoted && c.text === "NA" ? -1 : index.get(c.text) ?? -1));
      columns.set(h, { kind: "factor", name: h, codes, levels, ordered: sc.ordered ?? false });
    } else {
      const values = Float64Array.from(cells, (c) => (c.text === "NA" || c.text === "" ? NaN : Number(c.text)));
      columns.set(h, { kind: "numeric", name: h, values });
    }
  });
  return { nrow: rows.length, names: header, columns };
}
