"""TOTP secrets, codes and enrollment URIs, exactly as Keystone checks them.

Keystone (keystone/auth/plugins/totp.py) accepts HMAC-SHA1 codes of 6 digits
for 30-second steps: the current step and `[totp] included_previous_windows`
earlier ones, never a later one. We verify a freshly scanned secret with the
same rules before it is stored, so a code we accept is a code Keystone accepts.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import struct
import time
import unicodedata
from urllib.parse import quote, urlencode

import qrcode

CREDENTIAL_TYPE = 'totp'  # Keystone's credential type (and auth method) for TOTP
SECRET_BYTES = 20


def new_secret() -> str:
    """20 random bytes, base32 without padding (what Keystone stores as the blob)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode('ascii').rstrip('=')


def _decode(secret: str) -> bytes:
    secret = secret.upper()
    return base64.b32decode(secret + '=' * (-len(secret) % 8))


def code_at(secret: str, timestamp: float, digits: int = 6, period: int = 30) -> str:
    """The RFC 6238 code of SECRET for the step containing TIMESTAMP."""
    counter = int(timestamp // period)
    digest = hmac.new(_decode(secret), struct.pack('>Q', counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def verify(secret: str, code: str, *, now: float | None = None, digits: int = 6,
           period: int = 30, previous_windows: int = 1) -> bool:
    """True if CODE is SECRET's code for now or one of the previous windows."""
    code = normalize(code)
    if len(code) != digits or not is_ascii_digits(code):
        return False
    now = time.time() if now is None else now
    return any(
        hmac.compare_digest(code_at(secret, now - step * period, digits, period), code)
        for step in range(previous_windows + 1))


def normalize(code: str) -> str:
    """Codes are often typed or pasted as '123 456', or with a phone's own digits.

    Whitespace goes; any Unicode decimal digit (fullwidth '１', Arabic-Indic
    '١', ...) becomes its ASCII digit. Anything else is kept, for the form to refuse.
    """
    return ''.join(str(unicodedata.decimal(char)) if unicodedata.decimal(char, None) is not None
                   else char for char in ''.join(code.split()))


def is_ascii_digits(code: str) -> bool:
    return code.isascii() and code.isdigit()


def group_key(secret: str, size: int = 4) -> str:
    """The key for manual entry, in groups of four: 'ABCD EFGH ...'."""
    return ' '.join(secret[i:i + size] for i in range(0, len(secret), size))


def otpauth_uri(secret: str, account: str, issuer: str, digits: int = 6,
                period: int = 30) -> str:
    """Key URI format understood by authenticator apps (Google Authenticator & co)."""
    label = quote(f'{issuer}:{account}', safe=':@')
    query = urlencode({'secret': secret, 'issuer': issuer, 'algorithm': 'SHA1',
                       'digits': digits, 'period': period})
    return f'otpauth://totp/{label}?{query}'


def qr_png(uri: str) -> bytes:
    """The PNG QR code an authenticator app scans for URI."""
    image = qrcode.make(uri, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format='PNG')
    return buffer.getvalue()
