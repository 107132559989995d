"""The command line: a thin shell over the library (it imports the library, never the reverse)."""
