"""The /auth/ login pages after the password (code, enrollment, recovery code): not a
Horizon panel. Imports conf, logic, state and keystone; never dashboards/.

Also the operations those pages share with Settings > Authenticator
(attempts.py, messages.py, forms.py), which the dashboards import.
"""
