check --color=never cli/does-not-exist.yaml
