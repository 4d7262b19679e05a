# Writes test/fixtures/catalogue/*.json: what lme4 does with the inputs of the robustness
# catalogue (test/robustness/rows/): the data it was given, the call, and either the fit (fixef,
# SEs, θ, σ, logLik, or an anova / confint table) or lme4's error text, plus every warning and
# message lme4 gave. Rows compare our answers with these numbers and cite lme4's texts.
# Run from the project root with R and lme4 installed (scripts/install-r.sh):
#   Rscript scripts/catalogue-refs.R
suppressMessages({ library(lme4); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
ss <- readData("sleepstudy"); cbpp <- readData("cbpp"); dyes <- readData("Dyestuff")
dyes2 <- readData("Dyestuff2"); pastes <- readData("Pastes"); cake <- readData("cake")

# Each case: id, data (a data frame), call (R code evaluated with `d` bound to the data),
# and what to extract: "fit" (default), "anova", "confint".
cases <- list(
  # --- formula -------------------------------------------------------------------------------
  list(id = "unknown-variable", data = ss, call = "lmer(Reaction ~ Dayz + (1 | Subject), d)"),
  list(id = "no-random-terms", data = ss, call = "lmer(Reaction ~ Days, d)"),
  list(id = "zero-bar", data = ss, call = "lmer(Reaction ~ Days + (0 | Subject), d)"),
  list(id = "no-response", data = ss, call = "lmer(~ Days + (1 | Subject), d)"),
  list(id = "one-level-group", data = transform(ss, one = "a"), call = "lmer(Reaction ~ Days + (1 | one), d)"),
  list(id = "levels-equal-obs", data = transform(ss, obs = factor(seq_len(nrow(ss)))), call = "lmer(Reaction ~ Days + (1 | obs), d)"),
  list(id = "all-na-term", data = transform(ss, z = NA_real_), call = "lmer(Reaction ~ Days + z + (1 | Subject), d)"),
  list(id = "too-many-random-effects", data = ss[ss$Days <= 1, ], call = "lmer(Reaction ~ 1 + (Days | Subject), d)"),
  list(id = "dot-formula", data = ss, call = "lmer(Reaction ~ . + (1 | Subject), d)"),
  list(id = "double-bar-factor", data = transform(ss, late = factor(ifelse(Days >= 5, "late", "early"))),
       call = "lmer(Reaction ~ Days + (late || Subject), d)"),
  list(id = "numeric-grouping", data = transform(ss, Subject = as.integer(as.character(Subject))),
       call = "lmer(Reaction ~ Days + (Days | Subject), d)"),
  list(id = "interaction-grouping", data = pastes, call = "lmer(strength ~ 1 + (1 | batch:cask), d)"),
  list(id = "nested-missing-levels",
       data = droplevels(pastes[!(pastes$batch == "A" & pastes$cask == "a") & !(pastes$batch == "D" & pastes$cask == "c"), ]),
       call = "lmer(strength ~ 1 + (1 | batch/cask), d)"),
  list(id = "collinear-fixed", data = transform(ss, Days2 = 2 * Days), call = "lmer(Reaction ~ Days + Days2 + (1 | Subject), d)"),
  list(id = "intercept-only-fixed", data = dyes, call = "lmer(Yield ~ 1 + (1 | Batch), d)"),
  list(id = "response-times-1e200", data = transform(ss, Reaction = Reaction * 1e200), call = "lmer(Reaction ~ Days + (1 | Subject), d)"),
  list(id = "predictor-times-1e300", data = transform(ss, Days = Days * 1e300), call = "lmer(Reaction ~ Days + (1 | Subject), d)"),
  list(id = "glmer-predictor-times-1e300", data = transform(cbpp, x = as.numeric(period) * 1e300), call = "glmer(incidence ~ x + (1 | herd), d, family = poisson)"),
  # --- GLMM responses ------------------------------------------------------------------------
  list(id = "binomial-outside-01", data = cbpp, call = "glmer(incidence ~ period + (1 | herd), d, family = binomial)"),
  list(id = "binomial-noninteger-successes", data = transform(cbpp, inc = incidence + 0.5),
       call = "glmer(cbind(inc, size - incidence) ~ period + (1 | herd), d, family = binomial)"),
  list(id = "cbind-negative", data = cbpp, call = "glmer(cbind(incidence, size - incidence - 5) ~ period + (1 | herd), d, family = binomial)"),
  list(id = "factor-response-3-levels", data = transform(cbpp, status = factor(ifelse(incidence == 0, "none", ifelse(incidence < 3, "some", "many")))),
       call = "glmer(status ~ period + (1 | herd), d, family = binomial)"),
  list(id = "poisson-negative", data = cbpp, call = "glmer(I(incidence - 1) ~ period + (1 | herd), d, family = poisson)"),
  list(id = "poisson-noninteger", data = transform(cbpp, y = incidence + 0.5), call = "glmer(y ~ period + (1 | herd), d, family = poisson)"),
  list(id = "gamma-nonpositive", data = cake, call = "glmer(I(angle - 30) ~ recipe + (1 | replicate), d, family = Gamma(link = 'log'))"),
  list(id = "glmer-no-family", data = ss, call = "glmer(Reaction ~ Days + (1 | Subject), d)"),
  list(id = "glmer-gaussian", data = ss, call = "glmer(Reaction ~ Days + (1 | Subject), d, family = gaussian)"),
  list(id = "cbind-in-lmer", data = cbpp, call = "lmer(cbind(incidence, size - incidence) ~ period + (1 | herd), d)"),
  list(id = "cbind-poisson", data = cbpp, call = "glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), d, family = poisson)"),
  list(id = "binomial-proportion-weights", data = cbpp, call = "glmer(incidence / size ~ period + (1 | herd), d, family = binomial, weights = size)"),
  list(id = "binomial-logical-response", data = transform(cbpp, any = incidence > 0), call = "glmer(any ~ period + (1 | herd), d, family = binomial)"),
  list(id = "binomial-character-response", data = transform(cbpp, status = ifelse(incidence > 0, "yes", "no"), stringsAsFactors = FALSE),
       call = "glmer(factor(status) ~ period + (1 | herd), d, family = binomial)"),
  list(id = "glmer-integer-grouping", data = transform(cbpp, herd = as.integer(as.character(herd))),
       call = "glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), d, family = binomial)"),
  list(id = "binomial-probit-positional", data = cbpp, call = "glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), d, family = binomial('probit'))"),
  list(id = "nagq-string", data = cbpp, call = "glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), d, family = binomial, nAGQ = '9')"),
  # --- awkward but valid ---------------------------------------------------------------------
  list(id = "unsorted-rows", data = { set.seed(1); ss[sample(nrow(ss)), ] }, call = "lmer(Reaction ~ Days + (Days | Subject), d)"),
  list(id = "log-response", data = ss, call = "lmer(log(Reaction) ~ Days + (1 | Subject), d)"),
  list(id = "prior-weights", data = transform(ss, w = rep(c(1, 2, 3), length.out = nrow(ss))), call = "lmer(Reaction ~ Days + (1 | Subject), d, weights = w)"),
  list(id = "offset-argument", data = transform(ss, off = 5 * Days), call = "lmer(Reaction ~ Days + (1 | Subject), d, offset = off)"),
  list(id = "offset-term", data = transform(ss, off = 5 * Days), call = "lmer(Reaction ~ Days + offset(off) + (1 | Subject), d)"),
  list(id = "space-in-name", data = setNames(ss, c("Reaction time", "Days", "Subject")), call = "lmer(`Reaction time` ~ Days + (1 | Subject), d)"),
  list(id = "numeric-factor-levels", data = transform(ss, Day = Days + 1), call = "lmer(Reaction ~ factor(Day) + (1 | Subject), d)"),
  list(id = "ordered-factor", data = transform(ss, stage = factor(pmin(Days, 3), ordered = TRUE)), call = "lmer(Reaction ~ stage + (1 | Subject), d)"),
  list(id = "tiny-6-rows", data = data.frame(y = c(1.2, 2.3, 2.9, 4.1, 3.3, 5.0), g = c("a", "a", "b", "b", "c", "c")),
       call = "lmer(y ~ 1 + (1 | g), d)"),
  list(id = "na-response-rows", data = { d <- ss; d$Reaction[c(3, 50, 77)] <- NA; d }, call = "lmer(Reaction ~ Days + (Days | Subject), d)"),
  list(id = "ml-fit", data = ss, call = "lmer(Reaction ~ Days + (Days | Subject), d, REML = FALSE)"),
  list(id = "singular-fit", data = dyes2, call = "lmer(Yield ~ 1 + (1 | Batch), d)"),
  list(id = "character-grouping", data = transform(ss, Subject = paste0("s", as.character(Subject)), stringsAsFactors = FALSE),
       call = "lmer(Reaction ~ Days + (1 | Subject), d)"),
  list(id = "centered-predictor-i", data = ss, call = "lmer(Reaction ~ I(Days - 4.5) + (1 | Subject), d)"),
  list(id = "unused-factor-levels", data = transform(ss, Subject = factor(Subject, levels = c(levels(Subject), "999")),
       grp = factor(ifelse(Days < 5, "a", "b"), levels = c("a", "b", "c"))),
       call = "lmer(Reaction ~ Days + grp + (1 | Subject), d)"),
  list(id = "logical-predictor", data = transform(ss, late = Days >= 5), call = "lmer(Reaction ~ late + (1 | Subject), d)"),
  list(id = "no-intercept-fixed", data = ss, call = "lmer(Reaction ~ 0 + Days + (1 | Subject), d)"),
  list(id = "minus-one-fixed", data = ss, call = "lmer(Reaction ~ Days - 1 + (1 | Subject), d)"),
  list(id = "numeric-double-bar", data = ss, call = "lmer(Reaction ~ Days + (Days || Subject), d)"),
  list(id = "factor-by-numeric", data = transform(ss, late = factor(ifelse(Days >= 5, "late", "early"))), call = "lmer(Reaction ~ Days * late + (1 | Subject), d)"),
  list(id = "powers-in-i", data = ss, call = "lmer(Reaction ~ Days + I(Days^2) + (1 | Subject), d)"),
  list(id = "log-of-sum", data = ss, call = "lmer(Reaction ~ log(Days + 1) + (1 | Subject), d)"),
  list(id = "zero-weights", data = transform(ss, w = ifelse(seq_len(nrow(ss)) %% 10 == 0, 0, 1)), call = "lmer(Reaction ~ Days + (1 | Subject), d, weights = w)"),
  list(id = "zero-weights-left-out", data = { d <- transform(ss, w = ifelse(seq_len(nrow(ss)) %% 10 == 0, 0, 1)); d[d$w > 0, ] },
       call = "lmer(Reaction ~ Days + (1 | Subject), d, weights = w)"),
  list(id = "na-in-grouping", data = { d <- pastes; d$cask[c(2, 31)] <- NA; d }, call = "lmer(strength ~ 1 + (1 | batch) + (1 | cask), d)"),
  list(id = "nested-expanded", data = pastes, call = "lmer(strength ~ 1 + (1 | batch) + (1 | batch:cask), d)"),
  list(id = "glmer-nagq0", data = cbpp, call = "glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), d, family = binomial, nAGQ = 0)"),
  list(id = "glmer-binary-weights", data = transform(cbpp, any = as.numeric(incidence > 0), w = rep(c(1, 2), length.out = nrow(cbpp))),
       call = "glmer(any ~ period + (1 | herd), d, family = binomial, weights = w)"),
  list(id = "glmer-poisson-offset-term", data = cbpp, call = "glmer(incidence ~ period + offset(log(size)) + (1 | herd), d, family = poisson)"),
  list(id = "two-factor-interaction-fixed", data = transform(cake, temperature = factor(temperature)), call = "lmer(angle ~ recipe * temperature + (1 | replicate), d)"),
  list(id = "binomial-proportion-no-weights", data = transform(cbpp, p = incidence / size), call = "glmer(p ~ period + (1 | herd), d, family = binomial)"),
  list(id = "binomial-cbind-prior-weights", data = transform(cbpp, w = rep(c(1, 2), length.out = nrow(cbpp))),
       call = "glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), d, family = binomial, weights = w)"),
  list(id = "glmer-zero-weights", data = transform(cbpp, w = ifelse(seq_len(nrow(cbpp)) %% 7 == 0, 0, 1)),
       call = "glmer(incidence ~ period + (1 | herd), d, family = poisson, weights = w)"),
  list(id = "binomial-factor-level-order", data = transform(cbpp, status = factor(ifelse(incidence > 0, "sick", "healthy"), levels = c("sick", "healthy"))),
       call = "glmer(status ~ period + (1 | herd), d, family = binomial)"),
  list(id = "factor-random-slope", data = transform(ss, late = factor(ifelse(Days >= 5, "late", "early"))), call = "lmer(Reaction ~ late + (0 + late | Subject), d)"),
  list(id = "glmer-offset-argument", data = transform(cbpp, lsize = log(size)), call = "glmer(incidence ~ period + (1 | herd), d, family = poisson, offset = lsize)"),
  list(id = "gamma-identity", data = cake, call = "glmer(angle ~ recipe + (1 | replicate), d, family = Gamma(link = 'identity'))"),
  list(id = "crossed-random", data = readData("Penicillin"), call = "lmer(diameter ~ 1 + (1 | plate) + (1 | sample), d)"),
  # --- inference -----------------------------------------------------------------------------
  list(id = "anova-reml-refit", data = ss, what = "anova",
       call = "anova(lmer(Reaction ~ 1 + (1 | Subject), d), lmer(Reaction ~ Days + (1 | Subject), d))"),
  list(id = "anova-different-data", data = ss, what = "anova",
       call = "anova(lmer(Reaction ~ Days + (1 | Subject), d, REML = FALSE), lmer(Reaction ~ 1 + (1 | Subject), d[d$Days > 0, ], REML = FALSE))"),
  list(id = "drop1-factor-term", data = transform(ss, late = factor(ifelse(Days >= 5, "late", "early"))), what = "anova",
       call = "drop1(lmer(Reaction ~ Days + late + (1 | Subject), d), test = 'Chisq')"),
  list(id = "anova-glmer", data = cbpp, what = "anova",
       call = "anova(glmer(cbind(incidence, size - incidence) ~ 1 + (1 | herd), d, family = binomial), glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), d, family = binomial))"),
  list(id = "anova-three-models", data = ss, what = "anova",
       call = "anova(lmer(Reaction ~ 1 + (1 | Subject), d, REML = FALSE), lmer(Reaction ~ Days + (1 | Subject), d, REML = FALSE), lmer(Reaction ~ Days + (Days | Subject), d, REML = FALSE))"),
  list(id = "confint-level-1.5", data = ss, what = "confint", call = "confint(lmer(Reaction ~ Days + (1 | Subject), d), method = 'Wald', level = 1.5)"),
  list(id = "confint-parm-nothing", data = ss, what = "confint", call = "confint(lmer(Reaction ~ Days + (1 | Subject), d), parm = 'nothing', method = 'Wald')"),
  list(id = "confint-wald", data = ss, what = "confint", call = "confint(lmer(Reaction ~ Days + (1 | Subject), d), method = 'Wald')"),
  list(id = "profile-singular", data = dyes2, what = "confint", call = "confint(profile(lmer(Yield ~ 1 + (1 | Batch), d)))"),
  list(id = "bootmer-nsim-0", data = ss, what = "none", call = "bootMer(lmer(Reaction ~ Days + (1 | Subject), d), fixef, nsim = 0)")
)

columnOf <- function(x) {
  if (is.factor(x)) list(type = "factor", levels = I(levels(x)), ordered = is.ordered(x), values = I(ifelse(is.na(x), NA, as.character(x))))
  else if (is.character(x)) list(type = "character", values = I(x))
  else if (is.logical(x)) list(type = "logical", values = I(x))
  else list(type = "numeric", values = I(as.numeric(x)))
}

fitOf <- function(m) {
  out <- list(class = class(m)[1], nobs = nobs(m), fixef = as.list(fixef(m)),
              se = tryCatch({ cs <- coef(summary(m)); as.list(setNames(cs[, "Std. Error"], rownames(cs))) }, error = function(e) NULL), theta = I(unname(getME(m, "theta"))),
              sigma = sigma(m), logLik = as.numeric(logLik(m)), singular = isSingular(m),
              convergence = I(as.character(m@optinfo$conv$lme4$messages)))
  if (inherits(m, "lmerMod")) out$REML <- isREML(m)
  out
}
tableOf <- function(t) {
  t <- as.data.frame(t)
  list(rownames = I(rownames(t)), columns = lapply(as.list(t), function(v) I(as.numeric(v))))
}

dir.create(file.path("test", "fixtures", "catalogue"), showWarnings = FALSE, recursive = TRUE)
for (cs in cases) {
  warns <- character(); msgs <- character()
  d <- cs$data
  what <- if (is.null(cs$what)) "fit" else cs$what
  extract <- function(r) if (what == "fit") fitOf(r) else if (what == "none") NULL else tableOf(r)
  res <- tryCatch(withCallingHandlers(list(value = extract(eval(parse(text = cs$call)))),
      warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") },
      message = function(m) { msgs <<- c(msgs, trimws(conditionMessage(m))); invokeRestart("muffleMessage") }),
    error = function(e) structure(list(message = conditionMessage(e)), class = "lme4error"))
  out <- list(id = cs$id, engine = paste("lme4", packageVersion("lme4")), call = cs$call,
              data = lapply(as.list(d), columnOf), warnings = I(warns), messages = I(msgs))
  if (inherits(res, "lme4error")) { out$outcome <- "error"; out$error <- res$message }
  else {
    out$outcome <- "ok"
    if (what == "fit") out$fit <- res$value else if (what != "none") out$table <- res$value
  }
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = FALSE, null = "null", na = "null"),
             file.path("test", "fixtures", "catalogue", paste0(cs$id, ".json")))
  cat(sprintf("%-32s %-5s %s\n", cs$id, out$outcome,
              substr(paste(c(out$error, warns, msgs), collapse = " | "), 1, 160)))
}
