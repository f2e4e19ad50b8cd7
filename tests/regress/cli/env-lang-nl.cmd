LANG=nl_NL.UTF-8 explain DIG005
