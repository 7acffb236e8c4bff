"""The integrity app's writes, one module per job."""
