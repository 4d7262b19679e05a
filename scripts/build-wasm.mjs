// Compiles the AssemblyScript kernels in wasm/assembly/ to wasm/build/kernels.wasm (and
// kernels-shared.wasm, the same over a shared imported memory)
// (SIMD on, -O3, no runtime: the kernels never allocate). Run by `npm run build`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = "wasm/assembly/index.ts";
if (!existsSync(new URL(`../${entry}`, import.meta.url))) process.exit(0);
const asc = new URL("../node_modules/.bin/asc", import.meta.url);
if (!existsSync(asc)) {
  console.error("build-wasm: node_modules/.bin/asc not found; run `npm install` (devDependency assemblyscript).");
  process.exit(1);
}
mkdirSync(new URL("../wasm/build", import.meta.url), { recursive: true });
const args = [
  entry,
  "--outFile", "wasm/build/kernels.wasm",
  "--enable", "simd",
  "--optimizeLevel", "3",
  "--shrinkLevel", "0",
  "--noAssert",
  "--runtime", "stub",
  "--initialMemory", "16",
];
// The same kernels over an imported shared memory (wasm/build/kernels-shared.wasm): two threads
// (src/linalg/parallel.ts) run them on one WebAssembly memory for the large dense Cholesky.
const shared = [
  entry,
  "--outFile", "wasm/build/kernels-shared.wasm",
  "--enable", "simd", "--enable", "threads",
  "--optimizeLevel", "3", "--shrinkLevel", "0", "--noAssert", "--runtime", "stub",
  "--importMemory", "--sharedMemory", "--maximumMemory", "65536", "--initialMemory", "16",
];
for (const a of [args, shared]) {
  const r = spawnSync(fileURLToPath(asc), a, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`build-wasm: asc failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}
