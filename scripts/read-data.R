# readData(name): datasets/<name>.csv typed by its .schema.json (factor levels and order as the
# schema says), for the scripts that write lme4 fixtures. Source it from the project root.
readData <- function(name) {
  d <- read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
  sch <- fromJSON(file.path("datasets", paste0(name, ".schema.json")), simplifyVector = FALSE)
  for (c in sch$columns) if (identical(c$type, "factor"))
    d[[c$name]] <- factor(d[[c$name]], levels = unlist(c$levels), ordered = isTRUE(c$ordered))
  d
}
