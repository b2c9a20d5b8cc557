"""Orders' adapters: PostgreSQL tables and repository, events, clients of the other services."""
