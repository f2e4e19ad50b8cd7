report --format=html rules/gemeente-regels/dig002-pay-currency.yaml rules/gemeente-regels/waiver-dig005.yaml
