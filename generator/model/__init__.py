"""What a case is, how files become one (load), and the facts derived from it."""
