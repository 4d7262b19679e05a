#!/usr/bin/env bash
# Sets up the notebook environment and runs the main job: every notebook in notebooks/ is executed
# headless through the real lme4ts kernel (tslab-based, see kernel/README.md) with
# `jupyter nbconvert --execute`, writing executed notebooks and HTML to out/notebooks/.
# Exits non-zero on any cell error.
#
#   npm run notebooks                 # or: bash scripts/setup.sh
#   bash scripts/setup.sh sleepstudy  # only notebooks whose file name contains "sleepstudy"
#   NO_BUILD=1 npm run notebooks      # reuse dist/ as it is
#   bash scripts/setup.sh --check     # only report: exit 0 when Jupyter is installed or installable
#                                     # here (apt-get as root or with passwordless sudo), else 3
#
# Steps: npm dependencies (when missing) -> Jupyter from Debian packages (when missing; needs root
# or passwordless sudo, otherwise a message says what to install) -> npm run build -> kernel spec
# into node_modules/.jupyter-prefix -> execute notebooks -> HTML.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
check_only=""
if [ "${1:-}" = "--check" ]; then check_only=1; shift; fi
filter="${1:-}"
say() { printf '\033[1m[notebooks]\033[0m %s\n' "$*"; }

# 1. npm dependencies
if [ -z "$check_only" ] && { [ ! -d node_modules/tslab ] || [ ! -d node_modules/vega ] || [ ! -d node_modules/danfojs-node ]; }; then
  say "installing npm dependencies"
  npm install
fi

# 2. Jupyter (nbconvert + nbclient + jupyter_client + ipykernel). Debian's python3, not the one on
#    PATH (which may be a pyenv/conda interpreter without these packages).
JUPYTER="${JUPYTER:-}"
have_jupyter() {
  local j="$1"
  [ -x "$(command -v "$j" 2>/dev/null || true)" ] && "$j" nbconvert --version >/dev/null 2>&1 &&
    "$j" kernelspec --version >/dev/null 2>&1
}
if [ -z "$JUPYTER" ]; then
  for j in /usr/bin/jupyter jupyter; do
    if have_jupyter "$j"; then JUPYTER="$j"; break; fi
  done
fi
pkgs="jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel"
SUDO="none"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
if [ -n "$check_only" ]; then
  if [ -n "$JUPYTER" ] && have_jupyter "$JUPYTER"; then say "Jupyter present: $JUPYTER"; exit 0; fi
  if [ "$SUDO" != none ]; then say "Jupyter installable from Debian packages: $pkgs"; exit 0; fi
  say "Jupyter is neither installed nor installable here (no apt-get as root or with passwordless sudo)"
  exit 3
fi
if [ -z "$JUPYTER" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$SUDO" != none ]; then
      say "installing Jupyter from Debian packages: $pkgs"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $pkgs >/dev/null
      JUPYTER=/usr/bin/jupyter
    fi
  fi
  if [ -z "$JUPYTER" ] || ! have_jupyter "$JUPYTER"; then
    echo "Jupyter (nbconvert, nbclient, jupyter_client, ipykernel) is not installed and could not be installed here." >&2
    echo "Install it, then re-run: on Debian/Ubuntu as root: apt-get install -y $pkgs" >&2
    echo "elsewhere: python3 -m pip install nbconvert nbclient jupyter_client ipykernel; or set JUPYTER=/path/to/jupyter." >&2
    exit 1
  fi
fi
say "using $JUPYTER ($("$JUPYTER" nbconvert --version 2>/dev/null | tail -1))"

# 3. build (notebooks import lme4ts from dist/)
if [ -n "${NO_BUILD:-}" ] && [ -f dist/index.js ]; then
  say "NO_BUILD set: using dist/ as it is"
else
  say "building"
  npm run --silent build
fi

# 4. kernel spec into a project-local prefix
prefix="$root/node_modules/.jupyter-prefix"
node dist/cli/main.js kernel install --prefix "$prefix" >/dev/null
export JUPYTER_PATH="$prefix/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PYDEVD_DISABLE_FILE_VALIDATION=1

# 5. execute every notebook, then render HTML
out="$root/out/notebooks"
mkdir -p "$out"
shopt -s nullglob
nbs=(notebooks/*.ipynb)
[ ${#nbs[@]} -gt 0 ] || { echo "no notebooks in notebooks/" >&2; exit 1; }
status=0
for nb in "${nbs[@]}"; do
  name="$(basename "$nb" .ipynb)"
  [ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && continue
  say "executing $nb"
  start=$(date +%s)
  rm -f "$out/$name.ipynb" "$out/$name.html" # no stale results if this run fails
  if "$JUPYTER" nbconvert --to notebook --execute "$nb" --output-dir "$out" --output "$name.ipynb" \
      --ExecutePreprocessor.kernel_name=lme4ts --ExecutePreprocessor.timeout=900 2> "$out/$name.log"; then
    "$JUPYTER" nbconvert --to html --TemplateExporter.extra_template_basedirs="$root/scripts/nbconvert-template" --template lme4ts "$out/$name.ipynb" --output-dir "$out" --output "$name.html" 2>> "$out/$name.log"
    say "ok: $out/$name.ipynb, $out/$name.html ($(( $(date +%s) - start )) s)"
  else
    status=1
    echo "FAILED: $nb (details below and in $out/$name.log)" >&2
    grep -v -i -E "frozen modules|debugger|pydevd|MissingIDFieldWarning|validate\(nb\)" "$out/$name.log" | tail -40 >&2
  fi
done
exit $status
