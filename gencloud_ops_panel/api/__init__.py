"""Thin clients for the operations backends: take `request`, return plain data."""
