"""The compiled form of the data files: plain objects that commands run on (docs/compiled.md)."""
