lsp service.yaml
