explain XYZ999
