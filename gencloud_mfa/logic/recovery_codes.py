"""One-time recovery codes: generation, salted hashes and matching (pure logic).

A user's set of codes is ONE Keystone credential of type `gencloud-recovery`
whose blob lists a salted scrypt hash per code: issuing a set is one POST,
and using a code rewrites the blob without that hash (PATCH; DELETE for the
last one) under the per-user lock, after a fresh read. Checking a typed
code costs one scrypt per set however many codes are left. A code is 10
characters of Crockford base32 (50 random bits); an attacker holding the
blob must run scrypt per guess.
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
MAX_SETS = 3


@dataclass(frozen=True)
class StoredSet:
    credential_id: str
    salt: str
    digests: tuple[str, ...]


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


def _blob(salt: str, digests) -> str:
    return json.dumps({'kdf': KDF, 'salt': salt, 'hashes': list(digests)}, sort_keys=True)


def blob(codes: list[str]) -> str:
    """The one credential blob for a new set of CODES."""
    salt = secrets.token_hex(16)
    return _blob(salt, [_hash(code, salt) for code in codes])


def without(stored: StoredSet, digest: str) -> str | None:
    """STORED's blob once DIGEST's code is used up; None when no code is left."""
    left = [d for d in stored.digests if d != digest]
    return _blob(stored.salt, left) if left else None


def parse(credential: dict) -> StoredSet | None:
    """A stored set from a Keystone credential; None for anything we did not write."""
    try:
        blob = json.loads(credential.get('blob') or '')
        if blob.get('kdf') != KDF:
            return None
        bytes.fromhex(blob['salt'])
        digests = tuple(str(d) for d in blob['hashes'])
        return StoredSet(str(credential['id']), blob['salt'], digests)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def stored(credentials: list[dict]) -> list[StoredSet]:
    return [found for found in map(parse, credentials) if found is not None]


def remaining(sets: list[StoredSet]) -> int:
    return sum(len(s.digests) for s in sets)


def match(code: str, sets: list[StoredSet]) -> tuple[StoredSet, str] | None:
    """(set, digest) of the stored code CODE (normalized) is, if any."""
    found = None
    for candidate in sets[:MAX_SETS]:
        digest = _hash(code, candidate.salt)
        for stored_digest in candidate.digests:
            # Compare against every digest: time does not tell which matched.
            if hmac.compare_digest(stored_digest, digest):
                found = found or (candidate, digest)
    return found
