schema diff 9.9 ../../schemas
