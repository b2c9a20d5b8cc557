"""Cart: one cart per user or anonymous session, in Redis, priced from the catalog."""
