"""Identity > Application Credentials whose after-create pages never fail.

Horizon's panel subclassed like Identity > Users (dashboards/identity/users): same
slug, URLs and templates; only the pages that show the credential just created
are answered by our views.
"""
