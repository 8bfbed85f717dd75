"""interview room."""
