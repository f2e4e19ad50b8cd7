check --max-diagnostics=veel gemeente-regressie/valid-service.yaml
