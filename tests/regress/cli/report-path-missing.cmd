report cli/does-not-exist
