"""Stage 4: write the rendered site into a fresh folder and swap it into place."""
