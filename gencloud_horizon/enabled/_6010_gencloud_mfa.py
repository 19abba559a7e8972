# Adds the TOTP self-enrollment app. Its templates must win over
# openstack_auth's, which ADD_INSTALLED_APPS guarantees (prepended).
ADD_INSTALLED_APPS = ['gencloud_mfa']
