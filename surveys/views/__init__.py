"""The surveys' pages: build.py (officers build and launch surveys), answer.py (the list of
surveys open to the reader, the answer page and its thanks)."""
