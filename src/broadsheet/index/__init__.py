"""Stage 2: the whole site as plain data, with its taxonomies and generated pages."""
