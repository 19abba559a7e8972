"""Installer for the gencloud Horizon plugins (enabled files + settings snippet)."""
