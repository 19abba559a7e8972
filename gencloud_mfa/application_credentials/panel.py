from gencloud_mfa.dashboards.identity.application_credentials.panel import (
    ApplicationCredentialsPanel,
)

__all__ = ['ApplicationCredentialsPanel']
