"""Catalog: products and categories. Anyone reads; admins change."""
