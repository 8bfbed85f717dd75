"""practice room."""
