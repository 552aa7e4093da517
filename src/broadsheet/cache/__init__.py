"""The build cache between runs: parsed sources and what each output read."""
