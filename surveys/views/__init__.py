"""The surveys' pages, one module per concern."""
