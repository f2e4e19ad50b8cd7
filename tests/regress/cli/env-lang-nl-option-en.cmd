LANG=nl_NL.UTF-8 explain --lang=en DIG005
