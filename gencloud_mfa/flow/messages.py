"""What the MFA pages tell the user, defined once for the login step, the recovery page
and Settings > Authenticator (msgids unchanged)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NO_LOGIN = _('Your sign-in has ended or was not started here. Please sign in again.')
EXPIRED = _('Your sign-in took too long and has expired. Please sign in again.')
WRONG_USER = _('That sign-in page does not belong to your sign-in. Please sign in again.')
SIGN_IN_LOCKED = _('Too many incorrect codes. You can try again in %(wait)s: then sign in '
                   'again with your password.')
STEP_UP_LOCKED = _('Too many incorrect codes. Wait a few minutes, then try again.')
WRONG_CODE = _('That code is not valid. Check that your phone shows the right time '
               'and enter the current code.')
REPLAY = _('That code was already used. Wait for the next code in your app.')
KEYSTONE_DOWN = _('The identity service cannot be reached right now. '
                  'Nothing was changed; please try again in a moment.')
ENROLLED_RELOGIN = _('Your authenticator app is registered, but your sign-in expired '
                     'before it finished. Sign in again and enter a code from the app.')
SIGN_IN_CANCELLED = _('Sign-in cancelled.')
ALREADY_ENROLLED = _('An authenticator is already registered for your account. '
                     'Enter a code from it.')
WRONG_RECOVERY_CODE = _('That recovery code is not valid or was already used.')
RECOVERY_NOT_RESET = _('Your recovery code was accepted, but the identity service did not '
                       'remove your old authenticator. Press Continue to try again.')
CODES_NOT_CREATED = _('Your authenticator app is registered, but recovery codes could '
                      'not be created. Create them under Settings > Authenticator.')
