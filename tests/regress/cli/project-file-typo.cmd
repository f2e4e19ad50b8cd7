check --config=cli/project-file-typo.yml gemeente-regressie/valid-service.yaml
