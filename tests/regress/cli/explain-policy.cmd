explain --policy rules/policy-dig005-error.yaml DIG005 DIG002
