explain sch004
