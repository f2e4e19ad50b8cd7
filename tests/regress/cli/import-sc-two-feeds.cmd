import sc one.xml two.xml -o gemeente-x
