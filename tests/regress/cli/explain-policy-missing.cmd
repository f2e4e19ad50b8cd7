explain --policy=cli/does-not-exist.yaml DIG005
