"""Running Nestling: backing the data up and restoring it."""
