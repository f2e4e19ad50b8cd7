LANG=C explain DIG005
