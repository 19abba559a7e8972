""""Use a recovery code" on the code page: the lost-phone way back in.

Part of the same pending login as the code page (identity from the
session's receipt). A right code is used up, the user's TOTP credentials
are removed and the same login continues with a fresh enrollment (QR).
Wrong and used codes count against the same limits as wrong TOTP codes.
"""
from __future__ import annotations

import logging

from django import forms, http, shortcuts
from django.conf import settings
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from gencloud_mfa import audit, conf, guard, keystone_credentials, receipts, service, views
from gencloud_mfa.forms import RecoveryCodeForm

LOG = logging.getLogger(__name__)
# Set once a code is used up, until the old authenticator is gone: a retry
# after Keystone failed in between needs no second code.
USED_KEY = 'gencloud_mfa_recovery_used'

MSG_WRONG = _('That recovery code is not valid or was already used.')
MSG_NOT_RESET = _('Your recovery code was accepted, but the identity service did not '
                  'remove your old authenticator. Press Continue to try again.')


@method_decorator([sensitive_post_parameters(), csrf_protect, never_cache], name='dispatch')
class RecoverView(View):
    template = 'gencloud_mfa/recover.html'

    def dispatch(self, request):
        if request.user.is_authenticated:
            return shortcuts.redirect(settings.LOGIN_REDIRECT_URL)
        if request.method == 'POST' and 'cancel' in request.POST:
            return views.to_login(request, views.MSG_CANCELLED)
        found, redirect = views.pending_or_redirect(request)
        if redirect:
            return redirect
        self.receipt, self.pending = found
        self.step_url = reverse('gencloud_mfa:step', args=[self.pending.login_name])
        refused = views.locked_out(request, self.pending.user_id)
        if refused:
            return refused
        if request.session.get(USED_KEY) == self.pending.user_id:
            return self.restart_enrollment() if request.method == 'POST' else self.render(
                forms.Form(), used=True)
        try:
            enrolled = receipts.is_enrolled(self.receipt, self.pending)
        except service.ServiceUnavailable as exc:
            LOG.warning('Cannot look up TOTP credentials of %s: %s', self.pending.user_id, exc)
            return shortcuts.render(request, 'gencloud_mfa/unavailable.html',
                                    {'message': views.MSG_KEYSTONE_DOWN}, status=503)
        if not enrolled or not conf.get().self_enroll:
            return shortcuts.redirect(self.step_url)
        if request.method == 'POST':
            return self.post()
        if request.method in ('GET', 'HEAD'):
            return self.render(RecoveryCodeForm())
        return http.HttpResponseNotAllowed(['GET', 'POST'])

    def render(self, form, status: int = 200, used: bool = False) -> http.HttpResponse:
        return shortcuts.render(self.request, self.template, {
            'form': form, 'pending': self.pending, 'step_url': self.step_url, 'used': used,
        }, status=status)

    def post(self) -> http.HttpResponse:
        form = RecoveryCodeForm(self.request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        user_id = self.pending.user_id
        if not guard.reserve(self.request, user_id):
            return views.locked_out(self.request, user_id, at_least=conf.get().lockout_seconds)
        try:
            used = keystone_credentials.use_code(keystone_credentials.ServiceStore(), user_id,
                                        form.cleaned_data['code'])
        except service.ServiceUnavailable as exc:
            LOG.warning('Recovery code of %s not checked: %s', user_id, exc)
            form.add_error(None, views.MSG_KEYSTONE_DOWN)
            return self.render(form, status=503)
        if not used:
            LOG.info('Wrong recovery code for user %s', user_id)
            locked = guard.fail(self.request, user_id)
            audit.record(self.request, audit.LOCKOUT if locked else audit.CODE_FAILED, user_id,
                         failures=guard.attempts(user_id))
            if locked:
                return views.locked_out(self.request, user_id)
            form.add_error('code', MSG_WRONG)
            return self.render(form, status=400)
        audit.record(self.request, audit.RECOVERY_CODE_USED, user_id)
        self.request.session[USED_KEY] = user_id
        return self.restart_enrollment()

    def restart_enrollment(self) -> http.HttpResponse:
        """Remove the lost authenticator; the step page then shows a new QR."""
        try:
            keystone_credentials.remove_authenticators(keystone_credentials.ServiceStore(), self.pending.user_id)
        except service.ServiceUnavailable as exc:
            LOG.warning('Old TOTP credentials of %s not removed: %s', self.pending.user_id, exc)
            form = forms.Form()  # the code is used up: nothing to type, just retry
            form.add_error(None, MSG_NOT_RESET)
            return self.render(form, status=503, used=True)
        self.request.session.pop(USED_KEY, None)
        receipts.set_enrolled(self.request, self.receipt, self.pending, False, recovered=True)
        return shortcuts.redirect(self.step_url)
