"""Catalog's adapters: PostgreSQL tables and repositories, and the demo catalog."""
