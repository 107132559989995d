"""The rule catalogue: its data model, its condition language, its loader."""
