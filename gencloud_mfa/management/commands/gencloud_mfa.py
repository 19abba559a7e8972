"""`manage.py gencloud_mfa status | enable --all|USER... | reset USER`.

The same operations as Identity > Users, for scripts. Runs with the
operator's own admin credentials from the usual OS_* environment variables
(OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME, OS_USER_DOMAIN_NAME,
OS_PROJECT_DOMAIN_NAME; OS_AUTH_URL defaults to OPENSTACK_KEYSTONE_URL),
never with the MFA service identity, which may not change users.
"""
from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from keystoneauth1 import exceptions as ks_exc

from gencloud_mfa import checks, conf
from gencloud_mfa.keystone import admin, probe
from gencloud_mfa.logic import mfa_rules
from gencloud_mfa.state import audit


def _admin_client_or_exit():
    """The operator's OS_* admin client; a CommandError naming what is missing."""
    missing = admin.missing_admin_env(os.environ)
    if missing:
        raise CommandError('set ' + ', '.join(missing) + ' (admin credentials, as for '
                           'the openstack CLI)')
    return admin.client_from_env(os.environ, settings.OPENSTACK_KEYSTONE_URL)


class Command(BaseCommand):
    help = 'Show and change users\' Keystone TOTP MFA (status, enable, reset).'

    def add_arguments(self, parser) -> None:
        parser.add_argument('--domain', default='default',
                            help='domain ID of the users (default: default)')
        sub = parser.add_subparsers(dest='action', required=True)
        sub.add_parser('status', help='MFA enabled, rules and authenticator per user')
        enable = sub.add_parser('enable', help='require MFA with DEFAULT_MFA_RULES')
        target = enable.add_mutually_exclusive_group(required=True)
        target.add_argument('--all', dest='all_users', action='store_true',
                            help='every user without MFA, except the MFA service user '
                                 'and yourself')
        target.add_argument('users', nargs='*', default=[], metavar='USER')
        reset = sub.add_parser('reset', help='delete the authenticator and recovery codes; '
                                             'the next login enrolls again')
        reset.add_argument('users', nargs='+', metavar='USER')

    def handle(self, *args, action: str, domain: str, **options) -> None:
        kc = _admin_client_or_exit()
        try:
            getattr(self, f'_{action}')(kc, domain, **options)
        except ks_exc.ClientException as exc:
            raise CommandError(f'Keystone: {exc}') from exc

    def _find(self, kc, domain: str, user: str):
        matches = kc.users.list(domain=domain, name=user) or [
            u for u in kc.users.list(domain=domain) if u.id == user]
        if not matches:
            raise CommandError(f'no user "{user}" in domain {domain}')
        return matches[0]

    def _status(self, kc, domain: str, **options) -> None:
        totp = admin.totp_credentials_by_user(kc)
        rows = sorted(mfa_rules.statuses(kc.users.list(domain=domain), totp),
                      key=lambda r: r.name)
        self.stdout.write(f'{"USER":<24} {"MFA":<4} {"AUTHENTICATOR":<24} RULES')
        for row in rows:
            enrolled = (f'{row.totp_count} (UNEXPECTED)' if row.totp_count > 1
                        else 'registered' if row.enrolled else 'none')
            self.stdout.write(f'{row.name:<24} {"yes" if row.enabled else "no":<4} '
                              f'{enrolled:<24} {mfa_rules.format_rules(row.rules)}')
        extra = [row for row in rows if row.totp_count > 1]
        if extra:
            self.stdout.write('\nUnexpected extra TOTP credentials (Keystone accepts a code '
                              'from any of them; `reset USER` removes them all):')
        for row in extra:
            for cred in totp[row.user_id]:
                created = getattr(cred, 'created_at', None) or 'created: unknown'
                self.stdout.write(f'  {row.name:<24} {cred.id}  {created}')
        guard = checks.guard_findings()
        for finding in guard:
            self.stdout.write(f'WARNING: {finding.msg} Fix: {finding.hint}')
        for row in rows:
            # Behind the guard no TOTP credential signs in by itself.
            if guard and row.single_factor_totp:
                self.stdout.write(f'WARNING: {row.name}: its TOTP credential signs in without '
                                  'the password (MFA rules); fix: gencloud_mfa enable '
                                  f'{row.name} (Require MFA)')
        for finding in probe.findings(kc):
            self.stdout.write(f'WARNING: MFA service identity: {finding}')

    def _enable(self, kc, domain: str, users: list[str], all_users: bool,
                **options) -> None:
        rules = conf.get().default_rules
        if all_users:
            service = (conf.get().service_user or {}).get('username')
            keep = {service, os.environ['OS_USERNAME']}
            targets = [u for u in kc.users.list(domain=domain)
                       if u.name not in keep
                       and not mfa_rules.mfa_protected(u)]
            for name in sorted(filter(None, keep)):
                self.stdout.write(f'skipped {name}')
        else:
            targets = [self._find(kc, domain, user) for user in users]
        for user in targets:
            admin.require_mfa(kc, user.id, rules)
            self._audit(audit.ADMIN_REQUIRE, user.id)
            self.stdout.write(f'MFA required for {user.name}')

    def _reset(self, kc, domain: str, users: list[str], **options) -> None:
        for user in (self._find(kc, domain, name) for name in users):
            deleted = admin.reset_authenticator(kc, user.id)
            self._audit(audit.ADMIN_RESET, user.id, removed=deleted)
            self.stdout.write(f'{user.name}: {deleted} authenticator(s) removed, recovery '
                              'codes revoked; the next login enrolls again')

    @staticmethod
    def _audit(event: str, user_id: str, **fields) -> None:
        audit.record(None, event, user_id, actor_name=os.environ['OS_USERNAME'],
                     source='cli', **fields)
