chek gemeente-regressie/valid-service.yaml
