"""Identity > Users with MFA: status columns, authenticator reset, auto-MFA on create,
and an MFA Audit tab on the user detail page.

Horizon's own panel, views, forms and table are subclassed, not copied; the
enabled files swap this panel in under the same slug and URL names.
"""
