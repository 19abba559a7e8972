"""Old home of gencloud_mfa.dashboards.settings.authenticator: only panel.py is left, for
enabled files installed before the move (`gencloud-horizon install` writes the new path).
"""
