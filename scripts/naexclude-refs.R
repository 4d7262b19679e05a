# Writes test/fixtures/naexclude/sleepstudy.json: lmer with na.action = na.exclude on sleepstudy
# with missing values placed in rows 3 (Reaction) and 10 (Days) (1-based), and the residuals,
# fitted values and predictions R pads with NA there. Run from the project root:
#   Rscript scripts/naexclude-refs.R
suppressMessages({ library(lme4); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
d <- readData("sleepstudy")
d$Reaction[3] <- NA; d$Days[10] <- NA
m <- lmer(Reaction ~ Days + (Days | Subject), d, na.action = na.exclude)
g <- glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), within(readData("cbpp"), incidence[c(2, 7)] <- NA), family = binomial, na.action = na.exclude)
num <- function(x) I(ifelse(is.na(x), "NA", format(x, digits = 17)))
out <- list(lmm = list(residuals = num(unname(residuals(m))), fitted = num(unname(fitted(m))), predict = num(unname(predict(m)))),
            glmm = list(residuals = num(unname(residuals(g))), fitted = num(unname(fitted(g))), predict = num(unname(predict(g)))))
writeLines(toJSON(out, auto_unbox = TRUE), file.path("test", "fixtures", "naexclude", "sleepstudy.json"))
