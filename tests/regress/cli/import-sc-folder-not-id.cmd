import sc ../sc/feeds/provincie-randgeval.xml -o Not_An_Agency
