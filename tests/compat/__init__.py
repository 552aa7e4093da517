"""Compatibility harness: Broadsheet's output measured against Jekyll 4.3's."""
