explain DIG05
