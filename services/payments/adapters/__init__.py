"""Payments' adapters: PostgreSQL tables and repository, events, the sandbox provider."""
