"""What a user's Keystone MFA rules let in, for TOTP, and how they are shown (pure).

Keystone accepts an authentication when the methods used cover one of the
user's rules, or any single method when MFA is off or there are no rules. So a
TOTP credential is a *second* factor only while every rule needs something
besides totp.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gencloud_mfa.logic import totp


def totp_alone_signs_in(enabled: bool, rules: list[list[str]]) -> bool:
    """Whether Keystone accepts the totp method by itself for such a user."""
    if not enabled or not rules:
        return True
    return any(set(rule) <= {totp.CREDENTIAL_TYPE} for rule in rules)


def needs_totp(required_rules: list[list[str]]) -> bool:
    """Any rule that asks for TOTP routes the user to our code/enrollment step.

    Keystone's receipt lists only the user's rules that contain the method
    just used (password), so such a rule asks for password *and* TOTP: our
    flow enrolls only users for whom TOTP is a second factor. (A further rule
    letting TOTP alone in, e.g. ["totp"], is not in the receipt; Identity >
    Users, `gencloud_mfa status` and `check --deploy` flag such users.)
    """
    return any(totp.CREDENTIAL_TYPE in rule for rule in required_rules)


def requires_totp(enabled: bool, rules: list[list[str]]) -> bool:
    """Whether every way in still needs TOTP for a password login."""
    return enabled and needs_totp(rules)


def mfa_options(user) -> tuple[bool, list[list[str]]]:
    """(multi_factor_auth_enabled, rules) from a Keystone user ref or object."""
    options = (user.get('options') if isinstance(user, dict)
               else getattr(user, 'options', None)) or {}
    return (bool(options.get('multi_factor_auth_enabled')),
            list(options.get('multi_factor_auth_rules') or []))


def mfa_protected(user) -> bool:
    """MFA is on with TOTP as a second factor only: nothing for Require MFA to fix."""
    enabled, rules = mfa_options(user)
    return requires_totp(enabled, rules) and not totp_alone_signs_in(enabled, rules)


def format_rules(rules: list[list[str]]) -> str:
    """[['password','totp'],['application_credential']] -> 'password+totp | application_credential'."""
    return ' | '.join('+'.join(rule) for rule in rules)


@dataclass(frozen=True)
class MfaStatus:
    user_id: str
    name: str
    enabled: bool
    rules: list[list[str]]
    enrolled: bool | None  # None: could not be read
    totp_count: int = 0  # more than 1 is unexpected: Keystone accepts a code from any

    @property
    def single_factor_totp(self) -> bool:
        """Holds a TOTP credential that Keystone accepts on its own (fix: Require MFA)."""
        return bool(self.enrolled) and totp_alone_signs_in(self.enabled, self.rules)


def statuses(users, totp_by_user: Mapping[str, list] | None) -> list[MfaStatus]:
    """One row per user; TOTP_BY_USER maps user ids to TOTP credentials, None if unread."""
    rows = []
    for user in users:
        enabled, rules = mfa_options(user)
        count = len(totp_by_user.get(user.id, ())) if totp_by_user is not None else 0
        rows.append(MfaStatus(user.id, user.name, enabled, rules,
                              None if totp_by_user is None else count > 0, count))
    return rows
