check --color=never --policy=gemeente-regressie/valid-service.yaml gemeente-regressie/valid-service.yaml
