""""Use a recovery code" on the code page: the lost-phone way back in.

Part of the same pending login as the code page (identity from the
session's receipt). A right code is used up, the user's TOTP credentials
are removed and the same login continues with a fresh enrollment (QR).
Wrong and used codes count against the same limits as wrong TOTP codes.
"""
from __future__ import annotations

import logging

from django import forms, http, shortcuts
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from gencloud_mfa import conf
from gencloud_mfa.flow import attempts, messages
from gencloud_mfa.flow.forms import RecoveryCodeForm
from gencloud_mfa.flow.login_pages import is_enrolled, keystone_down, locked_out, start
from gencloud_mfa.keystone import KeystoneUnavailable, credentials
from gencloud_mfa.keystone.stores import ServiceStore
from gencloud_mfa.state import audit, pending_login

LOG = logging.getLogger(__name__)


@method_decorator([sensitive_post_parameters(), csrf_protect, never_cache], name='dispatch')
class RecoverView(View):
    template = 'gencloud_mfa/recover.html'

    def dispatch(self, request):
        found, redirect = start(request)
        if redirect:
            return redirect
        self.receipt, self.pending = found
        self.step_url = reverse('gencloud_mfa:step', args=[self.pending.login_name])
        refused = locked_out(request, self.pending.user_id)
        if refused:
            return refused
        if pending_login.recovery_used(request, self.pending):
            return self.restart_enrollment() if request.method == 'POST' else self.render(
                forms.Form(), used=True)
        try:
            enrolled = is_enrolled(self.receipt, self.pending)
        except KeystoneUnavailable as exc:
            return keystone_down(request, self.pending, exc)
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
        if not attempts.reserve(self.request, user_id):
            return locked_out(self.request, user_id, at_least=conf.get().lockout_seconds)
        try:
            left = credentials.use_code(ServiceStore(), user_id, form.cleaned_data['code'])
        except KeystoneUnavailable as exc:
            LOG.warning('Recovery code of %s not checked: %s', user_id, exc)
            form.add_error(None, messages.KEYSTONE_DOWN)
            return self.render(form, status=503)
        if left is None:
            if attempts.wrong(self.request, user_id, 'recovery code', 'recovery page'):
                return locked_out(self.request, user_id)
            form.add_error('code', messages.WRONG_RECOVERY_CODE)
            return self.render(form, status=400)
        audit.record(self.request, audit.RECOVERY_CODE_USED, user_id, remaining=left)
        pending_login.mark_recovery_used(self.request, self.pending)
        return self.restart_enrollment()

    def restart_enrollment(self) -> http.HttpResponse:
        """Remove the lost authenticator; the step page then shows a new QR."""
        try:
            credentials.remove_authenticators(ServiceStore(), self.pending.user_id)
        except KeystoneUnavailable as exc:
            LOG.warning('Old TOTP credentials of %s not removed: %s', self.pending.user_id, exc)
            form = forms.Form()  # the code is used up: nothing to type, just retry
            form.add_error(None, messages.RECOVERY_NOT_RESET)
            return self.render(form, status=503, used=True)
        pending_login.set_enrolled(self.request, self.receipt, self.pending, False,
                                   recovered=True)
        return shortcuts.redirect(self.step_url)
