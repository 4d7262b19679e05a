# readData(name): datasets/<name>.csv with the column types and factor levels (in R's order) of
# datasets/<name>.schema.json, as the lme4 reference scripts read them. Sourced from the project root.
readData <- function(name) {
  d <- read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
  sch <- fromJSON(file.path("datasets", paste0(name, ".schema.json")), simplifyVector = FALSE)
  for (c in sch$columns) if (identical(c$type, "factor"))
    d[[c$name]] <- factor(d[[c$name]], levels = unlist(c$levels), ordered = isTRUE(c$ordered))
  d
}
