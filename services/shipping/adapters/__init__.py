"""Shipping's adapters: PostgreSQL tables and repository."""
