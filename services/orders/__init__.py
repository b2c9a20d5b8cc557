"""Orders: the checkout saga and the order lifecycle."""
