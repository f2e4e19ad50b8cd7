vocab import-upl cli/does-not-exist.csv
