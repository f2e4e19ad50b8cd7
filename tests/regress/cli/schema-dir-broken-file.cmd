check --config=none --color=never --schema-dir=cli/broken-standard gemeente-regressie/valid-service.yaml
