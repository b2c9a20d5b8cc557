"""Identity's adapters: PostgreSQL tables and repository, password hashing, token signing."""
