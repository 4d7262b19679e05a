# Writes test/fixtures/csv/intake-fits.json: lme4 fits of shipped CSVs with one cell edited the way
# users' files go wrong (NaN, nan, blank numeric cells; a blank factor cell), read by R's read.csv
# exactly as lme4ts reads the same text. The robustness catalogue (test/robustness/rows/data.ts)
# applies the same edit (line, column, new cell text, all stored here) and compares its fit.
# Run from the project root: Rscript scripts/csv-intake-refs.R
suppressMessages({ library(lme4); library(jsonlite) })
cases <- list(
  list(id = "sleep_plain", data = "sleepstudy", line = 0L, column = "", cell = "",
       formula = "Reaction ~ Days + (Days | Subject)"),
  list(id = "sleep_nan_days", data = "sleepstudy", line = 6L, column = "Days", cell = "NaN",
       formula = "Reaction ~ Days + (Days | Subject)"),
  list(id = "sleep_lower_nan", data = "sleepstudy", line = 21L, column = "Reaction", cell = "nan",
       formula = "Reaction ~ Days + (Days | Subject)"),
  list(id = "sleep_blank_reaction", data = "sleepstudy", line = 11L, column = "Reaction", cell = "",
       formula = "Reaction ~ Days + (Days | Subject)"),
  list(id = "penicillin_blank_plate", data = "Penicillin", line = 8L, column = "plate", cell = "",
       formula = "diameter ~ 1 + (1 | plate) + (1 | sample)")
)
# the edit: replace the cell of `column` on file line `line` (1 = header; cells split on commas,
# the shipped files have no commas inside quotes)
edit <- function(lines, cs) {
  if (cs$line == 0L) return(lines)
  header <- gsub('"', "", strsplit(lines[1], ",", fixed = TRUE)[[1]])
  cells <- strsplit(lines[cs$line], ",", fixed = TRUE)[[1]]
  cells[match(cs$column, header)] <- cs$cell
  lines[cs$line] <- paste(cells, collapse = ",")
  lines
}
out <- lapply(cases, function(cs) {
  lines <- readLines(file.path("datasets", paste0(cs$data, ".csv")))
  d <- read.csv(text = paste(edit(lines, cs), collapse = "\n"), stringsAsFactors = TRUE)
  m <- lmer(as.formula(cs$formula), data = d, REML = TRUE)
  list(id = cs$id, data = cs$data, line = cs$line, column = cs$column, cell = cs$cell, formula = cs$formula,
       nobs = nobs(m), ngroups = as.list(ngrps(m)), fixef = as.list(fixef(m)), sigma = sigma(m),
       theta = I(unname(getME(m, "theta"))), REMLcrit = unname(REMLcrit(m)))
})
names(out) <- vapply(cases, function(cs) cs$id, "")
dir.create(file.path("test", "fixtures", "csv"), showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path("test", "fixtures", "csv", "intake-fits.json"))
cat(length(out), "fits\n")
