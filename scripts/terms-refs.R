# Writes test/fixtures/terms/*.json: lmer fits with data-dependent formula terms (poly, scale, ns,
# bs) on sleepstudy, with fixed effects, SEs, column names and predictions on new data at
# re.form = NA (R's makepredictcall: the bases keep the training coefficients, centers and knots).
# Run from the project root:  Rscript scripts/terms-refs.R
suppressMessages({ library(lme4); library(jsonlite); library(splines); library(emmeans); library(lmerTest) })
source(file.path("scripts", "read-data.R"))
d <- readData("sleepstudy")
newdata <- data.frame(Days = c(0, 1.5, 4, 7.25, 9, 10.5), Subject = factor("308", levels = levels(d$Subject)))
cases <- list(
  list(id = "poly2", formula = "Reaction ~ poly(Days, 2) + (1 | Subject)"),
  list(id = "poly3_raw", formula = "Reaction ~ poly(Days, 3, raw = TRUE) + (1 | Subject)"),
  list(id = "scale", formula = "Reaction ~ scale(Days) + (1 | Subject)"),
  list(id = "scale_nosd", formula = "Reaction ~ scale(Days, scale = FALSE) + (1 | Subject)"),
  list(id = "scale_center", formula = "Reaction ~ scale(Days, center = 3) + (1 | Subject)"),
  list(id = "ns3", formula = "Reaction ~ ns(Days, df = 3) + (1 | Subject)"),
  list(id = "ns_knots", formula = "Reaction ~ ns(Days, knots = c(3, 6)) + (1 | Subject)"),
  list(id = "bs4", formula = "Reaction ~ bs(Days, df = 4) + (1 | Subject)"),
  list(id = "bs_deg2", formula = "Reaction ~ bs(Days, df = 4, degree = 2) + (1 | Subject)"),
  list(id = "scale_slope", formula = "Reaction ~ scale(Days) + (scale(Days) | Subject)"),
  list(id = "cut", formula = "Reaction ~ cut(Days, c(-1, 3, 6, 10)) + (1 | Subject)"),
  list(id = "cut_left", formula = "Reaction ~ cut(Days, breaks = c(0, 2.5, 5, 10), right = FALSE) + (1 | Subject)"),
  list(id = "poly_by_cut", formula = "Reaction ~ poly(Days, 2) * cut(Days, c(-1, 4, 9)) + (1 | Subject)"),
  list(id = "interaction", formula = "Reaction ~ interaction(cut(Days, c(-1, 4, 9)), cut(Days, c(-1, 2, 9))) + (1 | Subject)"),
  list(id = "pmin_pmax", formula = "Reaction ~ pmin(Days, 5) + pmax(Days, 2) + (1 | Subject)"),
  list(id = "cbpp_poly_glmm", data = "cbpp", family = "binomial", formula = "cbind(incidence, size - incidence) ~ poly(size, 2) + period + (1 | herd)"),
  list(id = "numeric_funs", formula = "Reaction ~ log1p(Days) + abs(Days - 4) + sqrt(as.numeric(Days)) + exp(Days/10) + (1 | Subject)")
)
dir.create(file.path("test", "fixtures", "terms"), showWarnings = FALSE, recursive = TRUE)
cbppNew <- data.frame(size = c(2, 7, 13.5, 20, 30), period = factor(c("1", "2", "3", "4", "2"), levels = c("1", "2", "3", "4")),
  herd = factor("1", levels = levels(readData("cbpp")$herd)))
for (cs in cases) {
  glmm <- !is.null(cs$family)
  d <- readData(if (glmm) cs$data else "sleepstudy")
  m <- if (glmm) glmer(as.formula(cs$formula), data = d, family = cs$family) else lmer(as.formula(cs$formula), data = d, REML = TRUE)
  # bs warns beyond the boundary knots and cut gives NA there: their new data stay inside
  nd <- if (glmm) cbppNew else if (grepl("^bs|cut|interaction", cs$id)) newdata[newdata$Days <= 9, ] else newdata
  out <- list(
    id = cs$id, data = if (glmm) cs$data else "sleepstudy", engine = paste("lme4", packageVersion("lme4")),
    call = if (glmm) list(formula = cs$formula, family = cs$family) else list(formula = cs$formula, REML = TRUE),
    fit = list(
      names = I(names(fixef(m))), fixef = I(unname(fixef(m))),
      se = I(unname(sqrt(diag(as.matrix(vcov(m)))))), sigma = if (glmm) 1 else sigma(m),
      theta = I(unname(getME(m, "theta")))
    ),
    newdata = lapply(nd, function(v) I(if (is.factor(v)) as.character(v) else v)),
    predict = I(unname(predict(m, newdata = nd, re.form = NA))), # link scale for the GLMM
    # the fixed-effects design on newdata (rows), built from the stored (makepredictcall) terms
    Xnew = unname(model.matrix(delete.response(terms(m)), model.frame(delete.response(terms(m)), nd,
      xlev = .getXlevels(terms(m), model.frame(m))))),
    predictRe = I(unname(predict(m, newdata = nd))),
    # emmeans' reference grid (covariates at their means, cut() and interaction() evaluated there)
    refGrid = I(unname(predict(ref_grid(m)))),
    # lmerTest's type-III F tests (Satterthwaite) of the terms (LMMs)
    anovaF = if (glmm) NULL else I(unname(anova(as_lmerModLmerTest(m))[["F value"]])),
    # splines beyond the boundary knots (ns: linear; bs: R's Taylor expansion, with a warning)
    outside = if (grepl("^(ns|bs)", cs$id)) list(Days = I(c(-1, 10.5, 12)),
      predict = I(unname(suppressWarnings(predict(m, newdata = data.frame(Days = c(-1, 10.5, 12)), re.form = NA))))) else NULL
  )
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path("test", "fixtures", "terms", paste0(cs$id, ".json")))
}
# cut()'s interval labels for awkward break points (formatC with 3 digits, more when labels tie)
breaksList <- list(c(0, 0.5, 1), c(-1e6, 0, 1234567), c(0.00012345, 0.001, 0.1), c(1, 1.0001, 1.0002, 2),
  c(0, 100000, 2e5), c(-Inf, 0, Inf), c(0.1 + 0.2, 1/3, 2/3))
labels <- lapply(breaksList, function(b) list(breaks = I(ifelse(is.finite(b), b, ifelse(b > 0, 1e308, -1e308))),
  right = I(levels(cut(0, b))), left = I(levels(cut(0, b, right = FALSE))), lowest = I(levels(cut(0, b, include.lowest = TRUE)))))
writeLines(toJSON(labels, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path("test", "fixtures", "terms", "cut-labels.json"))
