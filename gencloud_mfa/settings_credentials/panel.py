from gencloud_mfa.dashboards.settings.credentials.panel import CredentialsPanel

__all__ = ['CredentialsPanel']
