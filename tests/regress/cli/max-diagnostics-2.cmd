check --color=never --max-diagnostics=2 gemeente-regressie/sch-synonyms.yaml
