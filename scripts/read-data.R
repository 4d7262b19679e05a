# readData(name): a shipped data set (datasets/<name>.csv) with the factors and level orders of
# its schema (datasets/<name>.schema.json). Sourced by the scripts that write lme4 fixtures; run
# them from the project root.
readData <- function(name) {
  d <- read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
  sch <- jsonlite::fromJSON(file.path("datasets", paste0(name, ".schema.json")), simplifyVector = FALSE)
  for (c in sch$columns) if (identical(c$type, "factor"))
    d[[c$name]] <- factor(d[[c$name]], levels = unlist(c$levels), ordered = isTRUE(c$ordered))
  d
}
