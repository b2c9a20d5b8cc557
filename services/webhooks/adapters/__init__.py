"""Webhooks' adapters: PostgreSQL tables and repository, the HTTP sender."""
