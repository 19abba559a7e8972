"""Pure MFA logic: TOTP, recovery codes, the enrollment window, MFA rules, privilege verdicts.

Nothing here imports Django, Keystone clients, the cache or a request
(tests/unit/test_mfa_layers.py), so every rule is unit tested on its own.
"""
