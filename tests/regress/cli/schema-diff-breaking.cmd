schema diff ../standards/pairs/required-added/old ../standards/pairs/required-added/new
