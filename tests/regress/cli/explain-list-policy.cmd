explain --list --policy=rules/policy-dig005-error.yaml
