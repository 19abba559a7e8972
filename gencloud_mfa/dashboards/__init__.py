"""gencloud_mfa's Horizon panels, laid out like openstack_dashboard's dashboards:
identity/ (users, credentials, application_credentials) and settings/ (credentials,
authenticator). Imports conf, logic, state, keystone and flow's shared operations
(attempts, messages, forms), never flow's login pages. What the panels share
lives in base.py and mfa_rows.py, so no panel imports a sibling's views.
"""
