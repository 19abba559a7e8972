"""TOTP maths against RFC 6238 and Keystone's own generator."""
from __future__ import annotations

import base64
import time
from urllib.parse import parse_qs, urlparse

import pytest

from gencloud_mfa.logic import totp

# RFC 6238 Appendix B, SHA1, key "12345678901234567890", 8 digits.
RFC_SECRET = base64.b32encode(b'12345678901234567890').decode()


@pytest.mark.parametrize('timestamp,code', [
    (59, '94287082'), (1111111109, '07081804'), (1111111111, '14050471'),
    (1234567890, '89005924'), (2000000000, '69279037'), (20000000000, '65353130'),
])
def test_rfc6238_vectors(timestamp, code):
    assert totp.code_at(RFC_SECRET, timestamp, digits=8) == code


def test_matches_keystone_generator():
    from keystone.auth.plugins import totp as keystone_totp  # the real thing
    secret = totp.new_secret()
    keystone_codes = keystone_totp._generate_totp_passcodes(secret, 0)
    assert totp.code_at(secret, time.time()) in keystone_codes


def test_new_secret_is_20_bytes_base32_unpadded():
    secret = totp.new_secret()
    assert len(secret) == 32 and '=' not in secret
    assert len(base64.b32decode(secret)) == 20
    assert totp.new_secret() != secret


def test_verify_accepts_current_and_previous_step_only():
    now = 1_111_111_111.0
    codes = {offset: totp.code_at(RFC_SECRET, now + offset) for offset in (-60, -30, 0, 30)}
    assert len(set(codes.values())) == 4
    assert totp.verify(RFC_SECRET, codes[0], now=now)
    assert totp.verify(RFC_SECRET, codes[-30], now=now)
    assert not totp.verify(RFC_SECRET, codes[-60], now=now)
    assert not totp.verify(RFC_SECRET, codes[30], now=now)
    assert totp.verify(RFC_SECRET, codes[-60], now=now, previous_windows=2)


@pytest.mark.parametrize('typed', ['', '12345', '1234567', 'abcdef', '12 34 5x'])
def test_verify_rejects_malformed_codes(typed):
    assert not totp.verify(totp.new_secret(), typed)


def test_verify_accepts_spaced_code():
    secret, now = totp.new_secret(), 1_700_000_000.0
    code = totp.code_at(secret, now)
    assert totp.verify(secret, f' {code[:3]} {code[3:]} ', now=now)


def test_group_key():
    assert totp.group_key('ABCDEFGHIJ') == 'ABCD EFGH IJ'


def test_otpauth_uri():
    uri = totp.otpauth_uri('SECRET', 'demo', 'Gen Cloud')
    parsed = urlparse(uri)
    assert parsed.scheme == 'otpauth' and parsed.netloc == 'totp'
    assert parsed.path == '/Gen%20Cloud:demo'
    assert parse_qs(parsed.query) == {'secret': ['SECRET'], 'issuer': ['Gen Cloud'],
                                      'algorithm': ['SHA1'], 'digits': ['6'],
                                      'period': ['30']}


@pytest.mark.parametrize('typed', [
    '١٢٣٤٥٦',          # Arabic-Indic digits
    '۱۲۳ ۴۵۶',         # Extended Arabic-Indic, with a space
    '１２３４５６',      # fullwidth
    '１２３\u3000４５６',  # fullwidth, ideographic space
    '123 456',
])
def test_non_ascii_digits_become_ascii(typed):
    assert totp.normalize(typed) == '123456'


@pytest.mark.parametrize('typed', ['¹²³⁴⁵⁶', '12345a', '①②③④⑤⑥'])
def test_other_characters_are_kept_for_the_form_to_refuse(typed):
    code = totp.normalize(typed)
    assert not totp.is_ascii_digits(code)
    assert not totp.verify(totp.new_secret(), typed)  # never an exception


def test_verify_accepts_the_code_in_fullwidth_digits():
    secret, now = totp.new_secret(), time.time()
    code = totp.code_at(secret, now)
    fullwidth = ''.join(chr(ord('０') + int(d)) for d in code)
    assert totp.verify(secret, fullwidth, now=now)
