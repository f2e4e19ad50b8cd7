schema validate --schema=cli/does-not-exist.yaml gemeente-regressie/valid-service.yaml
