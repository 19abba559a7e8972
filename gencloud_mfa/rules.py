"""What a user's Keystone MFA rules let in, for TOTP (pure, unit tested).

Keystone accepts an authentication when the methods used cover one of the
user's rules, or any single method when MFA is off or there are no rules. So a
TOTP credential is a *second* factor only while every rule needs something
besides totp.
"""
from __future__ import annotations


def totp_alone_signs_in(enabled: bool, rules: list[list[str]]) -> bool:
    """Whether Keystone accepts the totp method by itself for such a user."""
    if not enabled or not rules:
        return True
    return any(set(rule) <= {'totp'} for rule in rules)

