#!/usr/bin/env bash
# Checks the packed package the way a new user meets it (issue 11, acceptance part 1). Run by
# scripts/test.sh after the build; needs dist/ (npm run build) and the npm registry only for
# the tslab step.
#
#   bash scripts/package-check.sh            # or: npm run package-check
#   PACKAGE_CHECK_DIR=/tmp/pc bash scripts/package-check.sh
#   PACKAGE_CHECK_NO_TSLAB=1 ...             # skip installing tslab (the kernel-install step is
#                                            # then checked only for its "needs tslab" refusal)
#
# Steps, in a fresh folder outside the repository ($PACKAGE_CHECK_DIR, default
# ${TMPDIR:-/tmp}/lme4ts-package-check, emptied first and kept afterwards so later steps, e.g.
# notebook execution, can reuse it; no folder above it may hold a node_modules, or Node would
# find the repository's packages there):
#  1. npm pack; the tarball has dist/, datasets/, wasm/build/kernels.wasm, kernel/main.mjs,
#     LICENSE and README, and no source maps, src/ or test/
#  2. npm install <tarball> in a folder whose package.json has no overrides: must succeed;
#     prints the install time, the number of packages and the installed size (du of node_modules)
#  3. node -e: lmer fit of sleepstudy from the shipped data set, fixef and REML logLik equal to
#     lme4 1.1-31's (../shared/reference/sleepstudy_reml.json) to 1e-6 relative
#  4. the optional peers are missing, and the features that need them say so: a plot's SVG
#     ("npm install vega vega-lite"), a danfo DataFrame ("npm install danfojs-node")
#  5. tsc --strict (the repository's typescript) on a file importing lme4ts, without
#     skipLibCheck and with no @types packages
#  6. npx lme4ts --version (= package.json's), --help, fit --help, an unknown command (exit 1)
#  7. npx lme4ts kernel install --prefix DIR: without tslab it refuses, naming `npm install
#     tslab`; after `npm install tslab` it writes DIR/share/jupyter/kernels/lme4ts/kernel.json
#     whose argv runs this node on the installed package's kernel/main.mjs, which loads tslab;
#     a second spec name, then uninstall
# The last line is "package-check: N passed, M failed"; the exit status is 0 only when all pass.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${PACKAGE_CHECK_DIR:-${TMPDIR:-/tmp}/lme4ts-package-check}"
tsc="$root/node_modules/typescript/bin/tsc"
passed=0
failed=0
failures=()
say() { printf '\033[1m[package-check]\033[0m %s\n' "$*"; }
ok() { passed=$((passed + 1)); printf '  \033[32mok\033[0m   %s\n' "$*"; }
bad() { failed=$((failed + 1)); failures+=("$1"); printf '  \033[31mFAIL\033[0m %s\n' "$*"; }
finish() {
  if [ "$failed" -gt 0 ]; then say "failed: ${failures[*]}"; fi
  echo "package-check: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

[ -f "$root/dist/index.js" ] || { bad "dist/ missing: run npm run build first"; finish; }
[ -f "$tsc" ] || { bad "typescript missing from node_modules: run npm install"; finish; }
version="$(node -p "require('$root/package.json').version")"
rm -rf "$work"
mkdir -p "$work/pack" "$work/app"
work="$(cd "$work" && pwd -P)"
d="$work"
while [ "$d" != / ]; do
  d="$(dirname "$d")"
  if [ -e "$d/node_modules" ]; then bad "$d/node_modules exists above $work: Node would resolve packages from it; set PACKAGE_CHECK_DIR elsewhere"; finish; fi
done

# 1. pack -------------------------------------------------------------------------------------
say "1. npm pack"
tarball="$work/pack/$(cd "$root" && npm pack --silent --pack-destination "$work/pack" 2>/dev/null | tail -1)"
if [ ! -f "$tarball" ]; then bad "npm pack produced no tarball"; finish; fi
listing="$(tar -tzf "$tarball")"
missing=""
for f in package/dist/index.js package/dist/index.d.ts package/dist/cli/main.js package/datasets/sleepstudy.csv \
  package/wasm/build/kernels.wasm package/kernel/main.mjs package/LICENSE package/README.md; do
  grep -qx "$f" <<<"$listing" || missing="$missing ${f#package/}"
done
[ -z "$missing" ] && ok "tarball $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB, $(wc -l <<<"$listing") files) has dist, datasets, wasm, kernel, LICENSE" ||
  bad "tarball lacks:$missing"
extra="$(grep -E '\.map$|^package/(src|test|scripts|notebooks|bench)/' <<<"$listing" | head -5)"
[ -z "$extra" ] && ok "no source maps, src/, test/, scripts/ in the tarball" || bad "tarball ships: $extra"

# 2. install in a fresh folder, no overrides ---------------------------------------------------
say "2. npm install <tarball> in a fresh folder (no overrides)"
cd "$work/app"
cat > package.json <<'EOF'
{ "name": "lme4ts-package-check", "version": "1.0.0", "private": true, "type": "module" }
EOF
t0=$(date +%s%N)
if npm install --no-audit --no-fund --loglevel=error "$tarball" > "$work/install.log" 2>&1; then
  secs=$(awk "BEGIN { printf \"%.1f\", ($(date +%s%N) - $t0) / 1e9 }")
  size_kb=$(du -sk node_modules | cut -f1)
  ok "installed in ${secs} s: $(ls node_modules | grep -v '^\.' | wc -l) top-level package(s), node_modules $((size_kb / 1024)).$(( (size_kb % 1024) * 10 / 1024 )) MB (${size_kb} kB)"
  [ "$size_kb" -lt $((30 * 1024)) ] && ok "installed size under 30 MB" || bad "installed size ${size_kb} kB is over 30 MB"
else
  bad "npm install of the tarball failed (see $work/install.log)"
  tail -20 "$work/install.log"
  finish
fi

# 3. a fit through the installed package ------------------------------------------------------
say "3. node -e: lmer on sleepstudy"
ref="$root/../shared/reference/sleepstudy_reml.json"
if node -e '
import("lme4ts").then(({ lmer, datasets }) => {
  const fs = require("node:fs");
  // lme4 1.1-31 (the shared reference when present; the same numbers otherwise)
  const r = fs.existsSync(process.argv[1]) ? JSON.parse(fs.readFileSync(process.argv[1], "utf8")).fit
    : { fixef: { "(Intercept)": 251.405104848485, Days: 10.467285959596 }, logLik: -871.814135879601 };
  const m = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
  const fe = m.fixef(), ll = m.logLik();
  const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.abs(b);
  const ok = close(fe["(Intercept)"], r.fixef["(Intercept)"]) && close(fe.Days, r.fixef.Days) && close(ll, r.logLik);
  console.log(`  fixef ${fe["(Intercept)"].toFixed(6)}, ${fe.Days.toFixed(6)}; REML logLik ${ll.toFixed(6)} (lme4: ${r.logLik})`);
  process.exit(ok ? 0 : 1);
}).catch((e) => { console.error(e); process.exit(1); });
' "$ref"; then ok "sleepstudy fit from the installed package agrees with lme4"; else bad "sleepstudy fit through the installed package"; fi

# 4. optional peers: absent, with clear errors --------------------------------------------------
say "4. optional peers (vega, vega-lite, danfojs-node, tslab, @duckdb/node-api) are not installed; errors name them"
absent=""
for p in vega vega-lite danfojs-node tslab @duckdb/node-api; do [ -e "node_modules/$p" ] && absent="$absent $p"; done
[ -z "$absent" ] && ok "none of vega, vega-lite, danfojs-node, tslab, @duckdb/node-api was installed" || bad "installed although optional:$absent"
out="$(node -e '
import("lme4ts").then(async ({ lmer, datasets, vegaLite, ranefFrame, fromDuckDB }) => {
  try { await vegaLite({ mark: "point", data: { values: [{ x: 1 }] }, encoding: { x: { field: "x" } } }).toSVG(); console.log("no error"); }
  catch (e) { console.log(`${e.name}: ${e.message}`); }
  const m = lmer("Reaction ~ Days + (1 | Subject)", datasets.sleepstudy());
  try { ranefFrame(m, { as: "dataframe" }); console.log("no error"); }
  catch (e) { console.log(`${e.name}: ${e.message}`); }
  try { await lmer("y ~ x + (1 | g)", fromDuckDB("data.parquet")); console.log("no error"); }
  catch (e) { console.log(`${e.name}: ${e.message}`); }
});' 2>&1)"
grep -q "^LmeError: .*npm install vega vega-lite" <<<"$out" && ok "plot SVG without vega: LmeError naming \`npm install vega vega-lite\`" || bad "plot SVG without vega: $out"
grep -q "^LmeError: .*npm install danfojs-node" <<<"$out" && ok "DataFrame without danfojs-node: LmeError naming \`npm install danfojs-node\`" || bad "DataFrame without danfo: $out"
grep -q "^LmeError: .*npm install @duckdb/node-api" <<<"$out" && ok "fromDuckDB without @duckdb/node-api: LmeError naming \`npm install @duckdb/node-api\`" || bad "DuckDB source without the package: $out"

# 5. tsc --strict without skipLibCheck ---------------------------------------------------------
say "5. tsc --strict, no skipLibCheck, no @types"
cat > tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "strict": true, "skipLibCheck": false, "noEmit": true, "types": [],
    "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext"
  },
  "files": ["check.ts"]
}
EOF
cat > check.ts <<'EOF'
import { lmer, glmer, datasets, plots, vegaLite, display, ranefFrame, anova, confint, LmeError, type LmerMod, type GlmerMod, type MimeBundle } from "lme4ts";
const m: LmerMod = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
const g: GlmerMod = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: "binomial" });
const fe: Record<string, number> = m.fixef();
const ll: number = g.logLik();
export const used = [fe, ll, plots, vegaLite, display, ranefFrame, anova, confint, LmeError] as const;
export type Bundle = MimeBundle;
EOF
if tscout="$(node "$tsc" -p . 2>&1)"; then
  ok "tsc $(node "$tsc" --version | cut -d' ' -f2) --strict passes on a file importing lme4ts ($(node "$tsc" -p . --listFilesOnly | grep -c '/node_modules/lme4ts/') lme4ts declaration files checked)"
else
  bad "tsc --strict without skipLibCheck"
  head -20 <<<"$tscout"
fi

# 6. the command ---------------------------------------------------------------------------------
say "6. npx lme4ts --version / --help / fit --help"
v="$(npx --no-install lme4ts --version 2>&1)"
[ "$v" = "$version" ] && ok "npx lme4ts --version: $v" || bad "npx lme4ts --version printed '$v', expected $version"
npx --no-install lme4ts --help | grep -q "kernel install" && ok "npx lme4ts --help lists kernel install" || bad "npx lme4ts --help"
npx --no-install lme4ts fit --help | grep -q -- "--formula" && ok "npx lme4ts fit --help lists the flags" || bad "npx lme4ts fit --help"
npx --no-install lme4ts nonsense > /dev/null 2>&1
rc=$?
[ "$rc" = 1 ] && ok "unknown command: exit 1" || bad "unknown command exited $rc, expected 1"

# 7. the kernel -----------------------------------------------------------------------------------
say "7. npx lme4ts kernel install --prefix DIR"
prefix="$work/jupyter-prefix"
kout="$(npx --no-install lme4ts kernel install --prefix "$prefix" 2>&1)"
rc=$?
{ [ "$rc" = 1 ] && grep -q "npm install tslab" <<<"$kout"; } && ok "without tslab: refuses, naming \`npm install tslab\`" || bad "kernel install without tslab: exit $rc: $kout"
kmsg="$(node node_modules/lme4ts/kernel/main.mjs --config-path none.json 2>&1)"
krc=$?
{ [ "$krc" = 1 ] && grep -q "npm install tslab" <<<"$kmsg"; } && ok "kernel/main.mjs without tslab: exit 1, naming \`npm install tslab\`" || bad "kernel/main.mjs without tslab: exit $krc: $kmsg"
if [ -n "${PACKAGE_CHECK_NO_TSLAB:-}" ]; then
  say "PACKAGE_CHECK_NO_TSLAB set: tslab not installed, kernel spec not written"
else
  t0=$(date +%s)
  if npm install --no-audit --no-fund --loglevel=error tslab > "$work/install-tslab.log" 2>&1; then
    ok "npm install tslab ($(( $(date +%s) - t0 )) s; node_modules now $(( $(du -sk node_modules | cut -f1) / 1024 )) MB)"
    if npx --no-install lme4ts kernel install --prefix "$prefix" > "$work/kernel-install.log" 2>&1; then
      spec="$prefix/share/jupyter/kernels/lme4ts/kernel.json"
      if node -e '
        const fs = require("node:fs"), path = require("node:path");
        const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
        const main = path.join(fs.realpathSync(process.argv[2]), "node_modules", "lme4ts", "kernel", "main.mjs");
        const errs = [];
        if (s.display_name !== "TypeScript (lme4ts)") errs.push(`display_name ${s.display_name}`);
        if (s.language !== "typescript") errs.push(`language ${s.language}`);
        if (!path.isAbsolute(s.argv[0]) || !fs.existsSync(s.argv[0])) errs.push(`argv[0] ${s.argv[0]} is not an absolute node`);
        if (fs.realpathSync(s.argv[s.argv.length - 3]) !== fs.realpathSync(main)) errs.push(`kernel program ${s.argv[s.argv.length - 3]} is not ${main}`);
        if (s.argv.slice(-2).join(" ") !== "--config-path {connection_file}") errs.push(`argv ends ${s.argv.slice(-2)}`);
        if (!s.metadata || !s.metadata.lme4ts) errs.push("no metadata.lme4ts");
        if (errs.length) { console.error(errs.join("; ")); process.exit(1); }
      ' "$spec" "$work/app"; then ok "kernel.json in $prefix/share/jupyter/kernels/lme4ts runs the installed kernel/main.mjs"; else bad "kernel.json contents"; fi
      # the kernel program loads tslab's modules, then stops for want of a connection file
      kmsg="$(node "$(node -p "require('$spec').argv.at(-3)")" 2>&1)"
      krc=$?
      { [ "$krc" = 2 ] && grep -q "usage: node kernel/main.mjs --config-path" <<<"$kmsg"; } && ok "kernel/main.mjs loads tslab from the installed package (usage message, exit 2)" || bad "kernel/main.mjs: exit $krc: $kmsg"
      npx --no-install lme4ts kernel install --prefix "$prefix" --name lme4ts-b --display-name "lme4ts B" > /dev/null 2>&1 && [ -f "$prefix/share/jupyter/kernels/lme4ts-b/kernel.json" ] &&
        npx --no-install lme4ts kernel uninstall --prefix "$prefix" --name lme4ts-b > /dev/null 2>&1 && [ ! -e "$prefix/share/jupyter/kernels/lme4ts-b" ] &&
        ok "--name lme4ts-b installs a second spec; uninstall removes it" || bad "--name / uninstall"
    else
      bad "npx lme4ts kernel install --prefix (with tslab): $(cat "$work/kernel-install.log")"
    fi
  else
    bad "npm install tslab failed (see $work/install-tslab.log)"
  fi
fi
cd "$root"
finish
