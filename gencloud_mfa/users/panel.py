from gencloud_mfa.dashboards.identity.users.panel import Users

__all__ = ['Users']
