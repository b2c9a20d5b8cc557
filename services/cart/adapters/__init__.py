"""Cart's adapters: the Redis store and the catalog client."""
