"""photorec desktop user interface (Qt)."""
