"""The login plugin under the dotted path operators' AUTHENTICATION_PLUGINS name."""
from gencloud_mfa.flow.password_plugin import PasswordPlugin

__all__ = ['PasswordPlugin']
