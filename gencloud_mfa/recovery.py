"""One-time recovery codes: generation, salted hashes and matching (pure logic).

Each code is stored in Keystone as its own credential of type
`gencloud-recovery`, so using one is a single DELETE of that credential and the
others stay untouched. The blob holds only a salted scrypt hash; all codes of
one set share the set's random salt, so checking a typed code costs one scrypt
however many codes are left. A code is 10 characters of Crockford base32
(50 random bits); an attacker holding the blobs must run scrypt per guess.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

CREDENTIAL_TYPE = 'gencloud-recovery'
CODE_COUNT = 10
CODE_LENGTH = 10
ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'  # Crockford base32: no i, l, o, u
# 50 random bits need no heavy stretching: this cost (4 MiB, a few ms) keeps
# hashing a new set of 10 cheap at enrollment and still makes each offline
# guess a memory-hard scrypt run.
KDF = 'scrypt-n4096-r8-p1'
_SCRYPT = {'n': 2 ** 12, 'r': 8, 'p': 1, 'maxmem': 32 * 1024 * 1024, 'dklen': 32}
# People read codes off paper: accept the letters Crockford maps to digits.
_READ_AS = str.maketrans({'o': '0', 'i': '1', 'l': '1'})
# A user may add recovery credentials of their own through Keystone; never
# spend more than this many scrypt runs on one typed code.
MAX_SALTS = 3


@dataclass(frozen=True)
class StoredCode:
    credential_id: str
    salt: str
    digest: str
    set_id: str


def new_codes(count: int = CODE_COUNT) -> list[str]:
    return [''.join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            for _ in range(count)]


def display(code: str) -> str:
    """'abcde12345' -> 'abcde-12345' (easier to copy by hand)."""
    half = len(code) // 2
    return f'{code[:half]}-{code[half:]}'


def normalize(text: str) -> str | None:
    """The canonical code for what the user typed, or None if it cannot be one."""
    code = ''.join(ch for ch in text.lower() if ch not in ' -\t').translate(_READ_AS)
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def _hash(code: str, salt: str) -> str:
    return hashlib.scrypt(code.encode(), salt=bytes.fromhex(salt), **_SCRYPT).hex()


def blobs(codes: list[str]) -> list[str]:
    """The credential blobs for a new set of CODES (one per code)."""
    salt, set_id = secrets.token_hex(16), secrets.token_hex(8)
    return [json.dumps({'kdf': KDF, 'salt': salt, 'hash': _hash(code, salt), 'set': set_id},
                       sort_keys=True) for code in codes]


def parse(credential: dict) -> StoredCode | None:
    """A stored code from a Keystone credential; None for anything we did not write."""
    try:
        blob = json.loads(credential.get('blob') or '')
        if blob.get('kdf') != KDF:
            return None
        bytes.fromhex(blob['salt'])
        return StoredCode(str(credential['id']), blob['salt'], str(blob['hash']),
                          str(blob.get('set', '')))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def stored(credentials: list[dict]) -> list[StoredCode]:
    return [code for code in map(parse, credentials) if code is not None]


def match(code: str, candidates: list[StoredCode]) -> StoredCode | None:
    """The stored code CODE (normalized) is, if any."""
    salts = list(dict.fromkeys(c.salt for c in candidates))[:MAX_SALTS]
    found = None
    for salt in salts:
        digest = _hash(code, salt)
        for candidate in candidates:
            # Compare against every candidate: time does not tell which matched.
            if candidate.salt == salt and hmac.compare_digest(candidate.digest, digest):
                found = found or candidate
    return found
