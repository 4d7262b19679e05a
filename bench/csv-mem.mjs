// Time and row count of readCsv on one file (peak RSS from /usr/bin/time -v around this script).
// usage: /usr/bin/time -v node bench/csv-mem.mjs /tmp/retail-1M.csv [path/to/dist/index.js]
// (a second argument measures another build, e.g. main's, for a before/after table)
const { readCsv } = await import(process.argv[3] ?? "../dist/index.js");

const t0 = performance.now();
const f = readCsv(process.argv[2]);
const t = (performance.now() - t0) / 1000;
const kinds = f.names.map((n) => `${n}:${f.columns.get(n).kind}${f.columns.get(n).kind === "factor" ? `(${f.columns.get(n).levels.length})` : ""}`);
console.log(JSON.stringify({ file: process.argv[2], nrow: f.nrow, seconds: +t.toFixed(2), columns: kinds }));
