"""Payments: authorize, capture, void and refund through a provider; card numbers are never stored."""
