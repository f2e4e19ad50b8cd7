LANG=nl_NL.UTF-8 --lang=fr explain DIG005
