# Writes test/fixtures/csv/type-convert.json: how R's read.csv types single cells, via
# type.convert(cell, as.is = TRUE) (what read.csv calls on every column; na.strings = "NA").
# lme4ts's CSV reader (src/data/rnumber.ts) must agree cell by cell: "numeric" (integer or
# double, with the value as %.17g or NA / NaN / Inf / -Inf), "logical" (T, F, TRUE, FALSE;
# blank and NA cells alone also come out logical NA) or "character".
# Strings: a hand list of edge cases plus 3000 random strings over alphabets of the
# characters that matter to R_strtod (half of them digit-heavy) (seed 20261202).
# Run from the project root: Rscript scripts/csv-type-convert-refs.R
suppressMessages(library(jsonlite))
hand <- c("1", "-1", "+1", "1.5", ".5", "+.5", "-.5", "1.", ".", "-", "+", "", " ", "\t", "  ",
  "NA", " NA", "NA ", "NA.", "NAN", "NaN", "nan", "-NaN", "+nan", "naN", "na", "Na", "-NA", "+NA",
  "Inf", "-Inf", "+Inf", "inf", "INF", "-inf", "infinity", "Infinity", "-Infinity", "INFINITY",
  "Infinit", "Infx", "infinityx", "nanx", "1e5", "1E5", "1e+5", "1e-5", "1e", "1e+", "1e-", "e5",
  ".e5", "1.e5", "1e5.5", "1e400", "-1e400", "1e-400", "4.9e-324", "2.2250738585072014e-308",
  "1.7976931348623157e308", "0.1", "0.30000000000000004", "123456789012345678901234567890",
  "9007199254740993", "0x10", "0X1F", "-0x10", "+0x10", "0x", "0x.8", "0x1.8p1", "0x1p", "0x1p-2",
  "0x1P+1", "0xg", "0x1g", "0xp3", "00012", "1.5.2", "1,5", "1_000", "1L", "1i", "1d2", "1D2",
  " 1", "1 ", " 1 ", "\t1", "1\t", "- 1", "--1", "+-1", "1e5x", "1x", "T", "F", "TRUE", "FALSE",
  "true", "false", "True", "False", "yes", "0b1", "0o7", "\u0661", "\u00a0", "1\u00a0", "1e0001",
  "1e99999", "0e99999", "0x0p99999", "1e-99999", "00.00", "-0", "-0.0")
set.seed(20261202)
alphabet <- c(as.character(0:9), ".", "e", "E", "+", "-", "x", "X", "p", "P", "a", "f", "n",
  "N", "i", "I", "A", "F", "T", " ", "\t", "d", "L", "y")
numeric_ish <- c(rep(as.character(0:9), 3), ".", ".", "e", "E", "-", "+", "x", "p", "a", " ")
rand <- vapply(seq_len(3000), function(k) {
  n <- sample(1:7, 1)
  paste(sample(if (k %% 2 == 0) alphabet else numeric_ish, n, replace = TRUE), collapse = "")
}, "")
cells <- unique(c(hand, rand))
enc <- function(v) {
  if (is.na(v) && !is.nan(v)) return("NA")
  if (is.nan(v)) return("NaN")
  if (is.infinite(v)) return(if (v > 0) "Inf" else "-Inf")
  sprintf("%.17g", v)
}
out <- lapply(cells, function(s) {
  v <- type.convert(s, as.is = TRUE, na.strings = "NA")
  if (is.logical(v)) list(cell = s, kind = "logical", value = if (is.na(v)) "NA" else as.character(v))
  else if (is.numeric(v)) list(cell = s, kind = "numeric", value = enc(as.double(v)))
  else list(cell = s, kind = "character")
})
dir.create(file.path("test", "fixtures", "csv"), showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(list(R = R.version.string, cells = out), auto_unbox = TRUE, pretty = FALSE),
  file.path("test", "fixtures", "csv", "type-convert.json"), useBytes = TRUE)
cat(length(out), "cells\n")
