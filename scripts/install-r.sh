#!/bin/sh
# Installs R, lme4 and the packages the benchmark and reference generation use, from Debian/Ubuntu
# packages (lme4 1.1-31 on Debian 12, the version of ../shared/reference), plus GNU time for the
# benchmark's peak-RSS column. Idempotent: does nothing when R with lme4 and /usr/bin/time exist.
#
#   sh scripts/install-r.sh          (as root, or with sudo available)
set -eu

if command -v Rscript >/dev/null 2>&1 \
  && Rscript -e 'library(lme4); library(jsonlite)' >/dev/null 2>&1 \
  && [ -x /usr/bin/time ]; then
  echo "install-r: R with lme4 $(Rscript -e 'cat(as.character(packageVersion("lme4")))' 2>/dev/null) already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-r: needs root (or sudo) to run apt-get" >&2; exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-r: apt-get not found; install R and the CRAN packages lme4, mlmRev, lmerTest, pbkrtest, glmmTMB, jsonlite by hand" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y \
  r-base-core r-cran-lme4 r-cran-mlmrev r-cran-lmertest r-cran-pbkrtest r-cran-glmmtmb r-cran-jsonlite time
Rscript -e 'library(lme4); cat("install-r: lme4", as.character(packageVersion("lme4")), "ready\n")'
