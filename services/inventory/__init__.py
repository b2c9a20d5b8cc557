"""Inventory: stock per SKU and warehouse, and reservations that never oversell."""
