// Seeded retail-like crossed data for the CSV/memory benchmark (issue 17): clients and items with
// gamma-distributed activity, y = 1 + 0.3 x + u_client + v_item + e. Writes CSV to stdout.
// usage: node bench/retail-csv.mjs ROWS [CLIENTS] [ITEMS] [SEED] > /tmp/retail.csv
import { mulberry32 } from "./fuzz-gen.mjs";

const n = Number(process.argv[2] ?? 1e6);
const nClients = Number(process.argv[3] ?? Math.round(n * 0.15));
const nItems = Number(process.argv[4] ?? 2000);
const rand = mulberry32(Number(process.argv[5] ?? 17));
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
/** Gamma(shape < 1) by Ahrens–Dieter-free trick: Gamma(a) = Gamma(a+1) U^(1/a), Gamma(a+1) via Marsaglia–Tsang. */
function gamma(a) {
  if (a < 1) return gamma(a + 1) * Math.pow(rand(), 1 / a);
  const d = a - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x, v;
    do { x = normal(); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    if (Math.log(rand()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
/** Cumulative weights of `k` gamma(shape) propensities; draws by binary search. */
function sampler(k, shape) {
  const cum = new Float64Array(k);
  let s = 0;
  for (let i = 0; i < k; i++) cum[i] = s += gamma(shape);
  return () => {
    const u = rand() * s;
    let lo = 0, hi = k - 1;
    while (lo < hi) { const m = (lo + hi) >> 1; if (cum[m] < u) lo = m + 1; else hi = m; }
    return lo;
  };
}
const client = sampler(nClients, 0.5), item = sampler(nItems, 0.3);
const u = Float64Array.from({ length: nClients }, () => 0.5 * normal());
const v = Float64Array.from({ length: nItems }, () => 0.8 * normal());
const out = [];
const flush = () => { process.stdout.write(out.join("")); out.length = 0; };
out.push("y,x,client,item\n");
for (let i = 0; i < n; i++) {
  const c = client(), it = item(), x = normal();
  const y = 1 + 0.3 * x + u[c] + v[it] + normal();
  out.push(`${y.toFixed(4)},${x.toFixed(4)},c${c},i${it}\n`);
  if (out.length >= 65536) flush();
}
flush();
