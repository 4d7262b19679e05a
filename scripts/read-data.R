# readData(name): a shipped data set (datasets/<name>.csv) with the factors and level orders of
# its schema (datasets/<name>.schema.json), or, when the project does not ship it, a derived data
# set of ../shared/reference/data (e.g. "Contraception_contraception_cm6"). Sourced by the scripts
# that write lme4 fixtures; run them from the project root.
readData <- function(name) {
  f <- file.path("datasets", paste0(name, ".csv"))
  if (!file.exists(f)) f <- file.path("..", "shared", "reference", "data", paste0(name, ".csv"))
  d <- read.csv(f, stringsAsFactors = FALSE)
  sch <- jsonlite::fromJSON(sub("\\.csv$", ".schema.json", f), simplifyVector = FALSE)
  for (c in sch$columns) if (identical(c$type, "factor"))
    d[[c$name]] <- factor(d[[c$name]], levels = unlist(c$levels), ordered = isTRUE(c$ordered))
  d
}
