"""Stage 3: Markdown and Liquid turn documents into HTML; Jekyll's filters and tags live here."""
