from gencloud_mfa.dashboards.identity.credentials.panel import CredentialsPanel

__all__ = ['CredentialsPanel']
