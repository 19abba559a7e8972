"""A real Keystone (PyPI `keystone`, SQLite) with TOTP enabled, on loopback."""
from __future__ import annotations

import re
import sqlite3
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import gencloud_mfa
from devstack import procs

ADMIN_PASSWORD = 'admin-secret'  # noqa: S105 - throw-away loopback stack

# Least privilege for Horizon's MFA service user: the policy file we ship to
# operators (README "Service identity"), used here unchanged.
MFA_POLICY = (Path(gencloud_mfa.__file__).parent / 'keystone-policy.yaml').read_text()


# keystone-guard/ (installed by ./dev setup): no token from a TOTP passcode alone.
GUARD_LINE = 'gencloud_guard'


def write_config(root: Path, port: int, receipt_expiration: int = 300,
                 password_hash_rounds: int | None = None) -> Path:
    """PASSWORD_HASH_ROUNDS: bcrypt cost (None: Keystone's default, 12)."""
    keys = root / 'fernet-keys'
    identity = (f'[identity]\npassword_hash_rounds = {password_hash_rounds}\n'
                if password_hash_rounds else '')
    conf = root / 'keystone.conf'
    conf.write_text(textwrap.dedent(f"""\
        [DEFAULT]
        log_file = {root / 'keystone-app.log'}
        [database]
        connection = sqlite:///{root / 'keystone.db'}
        [token]
        provider = fernet
        [fernet_tokens]
        key_repository = {keys}
        [fernet_receipts]
        key_repository = {keys}
        [credential]
        key_repository = {root / 'credential-keys'}
        [auth]
        methods = password,token,totp,application_credential
        totp = {GUARD_LINE}
        [receipt]
        expiration = {receipt_expiration}
        [totp]
        included_previous_windows = 1
        [cache]
        enabled = false
        [oslo_policy]
        policy_file = {root / 'policy.yaml'}
        """) + identity)
    (root / 'policy.yaml').write_text(MFA_POLICY)
    return conf


def bootstrap(root: Path, port: int, log_dir: Path, receipt_expiration: int = 300,
              password_hash_rounds: int | None = None) -> Path:
    """Create the database and keys (at the same time), then the admin user."""
    root.mkdir(parents=True, exist_ok=True)
    conf = write_config(root, port, receipt_expiration, password_hash_rounds)
    manage = [str(procs.BIN_DIR / 'keystone-manage'), '--config-file', str(conf)]
    owner = ['--keystone-user', 'root', '--keystone-group', 'root']
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda step: procs.run(manage + step, log_dir, f'keystone-manage-{step[0]}'),
                      (['db_sync'], ['fernet_setup', *owner], ['credential_setup', *owner])))
    use_wal(root / 'keystone.db')
    procs.run(manage + ['bootstrap', '--bootstrap-password', ADMIN_PASSWORD,
                        '--bootstrap-public-url', url(port),
                        '--bootstrap-internal-url', url(port),
                        '--bootstrap-region-id', 'RegionOne'], log_dir, 'keystone-manage')
    return conf


def use_wal(db: Path) -> None:
    """Put the SQLite database in WAL mode (kept in the file): readers no longer
    block a writer's commit.

    Keystone 28.x and 29.x leave a read transaction open on every token render:
    federation's SQL `get_enabled_service_providers` returns the unevaluated
    Query out of its `session_for_read()` block, the caller iterates it on the
    closed session, which begins a new transaction that nobody ends, so the
    connection keeps SQLite's SHARED lock until the garbage collector frees
    the session. In the default rollback journal a commit in the same request
    (POST /v3/credentials for the seed user `enrolled`) then waits for that
    lock and fails with "database is locked". Keystone 30 returns
    `.all()`; in WAL mode the stale reader does not block anyone.
    """
    with sqlite3.connect(db) as conn:
        mode = conn.execute('PRAGMA journal_mode=WAL').fetchone()[0]
    conn.close()
    if mode != 'wal':
        raise RuntimeError(f'{db}: journal_mode is {mode}, not wal')


def unguarded_config(conf: Path) -> Path:
    """A copy of CONF with upstream's TOTP method (same database and keys): the
    Keystone an operator runs before installing the guard."""
    copy = conf.with_name('keystone-unguarded.conf')
    copy.write_text(conf.read_text().replace(f'totp = {GUARD_LINE}\n', ''))
    return copy


COMPLIANCE_DEFAULTS = {
    'change_password_upon_first_use': 'true',
    'password_expires_days': '90',
    'password_regex': '^(?=.*\\d)(?=.*[a-zA-Z]).{10,}$',
    'password_regex_description': 'at least 10 characters, with a letter and a digit',
}


def compliance_config(conf: Path, options: dict | None = None) -> Path:
    """A copy of CONF (same database and keys) with Keystone's [security_compliance]
    options: the first-use password change of issue 25.2. Users that must never be
    forced to change or expire (admin, the MFA service identity) need the per-user
    options ignore_change_password_upon_first_use / ignore_password_expiry."""
    values = {**COMPLIANCE_DEFAULTS, **(options or {})}
    section = '\n[security_compliance]\n' + ''.join(
        f'{key} = {value}\n' for key, value in values.items())
    copy = conf.with_name('keystone-compliance.conf')
    copy.write_text(conf.read_text() + section)
    return copy


def url(port: int) -> str:
    return f'http://127.0.0.1:{port}/v3'


def start(conf: Path, port: int, log_dir: Path, detach: bool = False,
          name: str = 'keystone') -> procs.Proc:
    """NAME: the process, its log and its access log (KeystoneCounter reads `keystone`'s)."""
    proc = procs.start(
        name,
        [str(procs.BIN_DIR / 'gunicorn'), '--no-control-socket', '-w', '2',
         '--access-logfile', str(log_dir / f'{name}-access.log'),
         '--bind', f'127.0.0.1:{port}', 'devstack.wsgi_keystone:application'],
        log_dir, env={'OS_KEYSTONE_CONFIG_FILES': str(conf), 'PYTHONPATH': _project_root()},
        detach=detach)
    procs.wait_http(url(port), proc, timeout=90)
    return proc


def _project_root() -> str:
    return str(Path(__file__).resolve().parent.parent)


class KeystoneCounter:
    """Counts Keystone requests by reading its access log between two points (bench, tests).

    Given more logs (e.g. the Horizon processes'), `lines` holds theirs too.
    """

    def __init__(self, log: Path, *more: Path) -> None:
        self.logs = [log, *more]

    def __enter__(self):
        time.sleep(0.2)  # let earlier lines land
        self.starts = [log.stat().st_size for log in self.logs]
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        time.sleep(0.2)
        self.lines = []
        for path, start in zip(self.logs, self.starts, strict=True):
            with path.open('rb') as log:
                log.seek(start)
                self.lines += [line.decode(errors='replace') for line in log.read().splitlines()]
        self.count = len(self.lines)

    def summary(self) -> str:
        return ' · '.join(re.search(r'"(\w+ [^ ?]+)', line).group(1) + ' '
                          + line.split('" ')[1].split()[0] for line in self.lines)
