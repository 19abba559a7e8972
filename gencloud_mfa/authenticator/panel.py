from gencloud_mfa.dashboards.settings.authenticator.panel import Authenticator

__all__ = ['Authenticator']
