LANG=nl_NL.UTF-8 check --color=never --format=json gemeente-regressie/multi-five-mistakes.yaml
