check --color=never --products=cli/does-not-exist.csv gemeente-regressie/valid-service.yaml
