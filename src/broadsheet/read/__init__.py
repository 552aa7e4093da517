"""Stage 1: walk the source folder and turn its files into documents, data and templates."""
