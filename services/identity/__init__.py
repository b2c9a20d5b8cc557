"""Identity: accounts, passwords, sessions (access + refresh tokens) and the keys that sign them."""
