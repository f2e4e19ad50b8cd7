report rules/gemeente-regels/dig002-pay-currency.yaml rules/gemeente-regels/dig003-presence-and-paper.yaml rules/gemeente-regels/waiver-dig005.yaml
