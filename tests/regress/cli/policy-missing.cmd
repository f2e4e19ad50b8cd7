check --color=never --policy=cli/does-not-exist.yaml gemeente-regressie/valid-service.yaml
