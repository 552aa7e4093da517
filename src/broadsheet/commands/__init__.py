"""One module per CLI verb, each a plain function taking parsed arguments."""
