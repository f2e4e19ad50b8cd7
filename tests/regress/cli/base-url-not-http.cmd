build --base-url=ftp://diensten.example -o /nonexistent/never-written gemeente-regressie/valid-service.yaml
