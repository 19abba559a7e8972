"""Keystone TOTP multi-factor login for Horizon with first-login self-enrollment."""
