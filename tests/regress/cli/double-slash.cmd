check --color=never gemeente-regressie//valid-service.yaml gemeente-regressie/valid-service.yaml
