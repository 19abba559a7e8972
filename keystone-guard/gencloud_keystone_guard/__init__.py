"""Keystone-side pieces of the GenCloud Horizon extensions."""
