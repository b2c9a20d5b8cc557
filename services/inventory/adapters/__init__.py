"""Inventory's adapters: PostgreSQL tables and repository, events."""
