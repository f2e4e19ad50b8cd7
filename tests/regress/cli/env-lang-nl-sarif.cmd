LANG=nl_NL.UTF-8 check --color=never --format=sarif rules/gemeente-regels/dig005-post-only.yaml
