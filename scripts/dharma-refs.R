# Writes test/fixtures/influence/dharma-tests.json: R's ks.test against U(0, 1) and binom.test
# p-values on fixed inputs, the distribution code behind lme4ts's testUniformity and
# testOutliers (DHARMa calls exactly these; DHARMa itself is not packaged for Debian, so its
# simulation statistics are checked by simulation in test/influence/dharma.test.ts).
# Run from the project root: Rscript scripts/dharma-refs.R
suppressMessages(library(jsonlite))
set.seed(20261202)
ks <- list()
for (n in c(5L, 20L, 60L, 99L, 100L, 250L)) for (shape in c(1, 1.3)) for (alt in c("two.sided", "less", "greater")) {
  x <- round(rbeta(n, 1, shape), 12)
  t <- suppressWarnings(ks.test(x, "punif", alternative = alt))
  ks[[length(ks) + 1]] <- list(x = I(x), alternative = alt, statistic = unname(t$statistic), p = t$p.value)
}
bt <- list()
for (cs in list(c(0, 50, 0.02), c(1, 50, 0.02), c(3, 50, 0.02), c(7, 100, 0.0199), c(0, 400, 0.008), c(12, 400, 0.008), c(40, 1000, 0.05), c(60, 1000, 0.05)))
  for (alt in c("two.sided", "less", "greater")) {
    t <- binom.test(cs[1], cs[2], cs[3], alternative = alt)
    bt[[length(bt) + 1]] <- list(x = cs[1], n = cs[2], p0 = cs[3], alternative = alt, p = t$p.value)
  }
dir.create(file.path("test", "fixtures", "influence"), showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(list(engine = R.version.string, ks = ks, binom = bt), auto_unbox = TRUE, digits = NA),
           file.path("test", "fixtures", "influence", "dharma-tests.json"))
