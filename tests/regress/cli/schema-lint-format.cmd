schema lint --format=xml
