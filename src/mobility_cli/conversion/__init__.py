"""Pure conversion logic: parsing grades, one module per method, transcript averaging."""
