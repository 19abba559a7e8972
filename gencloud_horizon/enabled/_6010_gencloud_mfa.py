# Adds the TOTP self-enrollment app. Horizon reads enabled files only when
# they name a DASHBOARD, PANEL, PANEL_GROUP or FEATURE; this one is a feature.
# ADD_INSTALLED_APPS is prepended, so our templates win over openstack_auth's.
FEATURE = 'gencloud_mfa'
ADD_INSTALLED_APPS = ['gencloud_mfa']
