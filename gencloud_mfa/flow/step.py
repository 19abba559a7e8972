"""The second login step: the code page, or the enrollment page on first login.

Answers openstack_auth's `/auth/totp/<user_name>/` URL (see urls.py) for the
pending login of this session (login_pages.py).
"""
from __future__ import annotations

import logging

from django import http, shortcuts
from django.conf import settings
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe
from openstack_auth import exceptions as auth_exc
from openstack_auth import views as auth_views

from gencloud_mfa import conf
from gencloud_mfa.flow import attempts, finish, messages
from gencloud_mfa.flow.after_enrollment import after_enrollment
from gencloud_mfa.flow.forms import PasscodeForm
from gencloud_mfa.flow.login_pages import (
    is_enrolled,
    keystone_down,
    locked_out,
    pending_or_redirect,
    start,
    to_login,
)
from gencloud_mfa.keystone import KeystoneUnavailable, credentials
from gencloud_mfa.keystone.stores import ServiceStore
from gencloud_mfa.logic import totp
from gencloud_mfa.state import audit, pending_login, throttle

LOG = logging.getLogger(__name__)


def form_with_error(message) -> PasscodeForm:
    """An empty code form showing MESSAGE above the field."""
    form = PasscodeForm(data={})
    form.errors.clear()  # bound (so it can carry an error) but not "required"
    form.add_error(None, message)
    return form


@sensitive_post_parameters()
def login_view(request) -> http.HttpResponse:
    """openstack_auth's login view, plus a new session key once a receipt is stored.

    A session id planted in the browser before the password step (cookie
    injection) must not carry the pending login: the receipt only ever lives
    under a key issued after the password was checked (login rotates it again).
    """
    before = pending_login.in_session(request)
    response = auth_views.login(request)
    receipt = pending_login.in_session(request)
    if receipt and receipt != before:
        request.session.cycle_key()
    return response


class _Step:
    """One request of the second step, with the pending login it belongs to."""

    name: str

    def __init__(self, request, receipt: str, pending: pending_login.PendingLogin) -> None:
        self.request = request
        self.receipt = receipt
        self.pending = pending
        self.cfg = conf.get()

    def render(self, template: str, form: PasscodeForm, status: int = 200, **context):
        return shortcuts.render(self.request, template, {
            'form': form, 'pending': self.pending, 'issuer': self.cfg.issuer,
            'self_enroll': self.cfg.self_enroll, **context,
        }, status=status)

    def render_form(self, form: PasscodeForm, status: int = 200) -> http.HttpResponse:
        raise NotImplementedError

    def get(self) -> http.HttpResponse:
        return self.render_form(PasscodeForm())

    def post(self) -> http.HttpResponse:
        """A well-formed code is checked only once its attempt is reserved (attempts.py)."""
        form = PasscodeForm(self.request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        if not attempts.reserve(self.request, self.pending.user_id):
            return locked_out(self.request, self.pending.user_id,
                              at_least=self.cfg.lockout_seconds)
        return self.check(form, form.cleaned_data['passcode'])

    def check(self, form: PasscodeForm, code: str) -> http.HttpResponse:
        raise NotImplementedError

    def wrong_code(self, form: PasscodeForm) -> http.HttpResponse:
        """The reserved attempt failed; once locked out, drop everything and start over."""
        user_id = self.pending.user_id
        if attempts.wrong(self.request, user_id, 'TOTP code', f'{self.name} step'):
            return locked_out(self.request, user_id)
        form.add_error('passcode', messages.WRONG_CODE)
        return self.render_form(form, status=400)

    def replayed(self, form: PasscodeForm) -> http.HttpResponse:
        form.add_error('passcode', messages.REPLAY)
        return self.render_form(form, status=400)

    def finish(self, code: str):
        """Receipt + code -> logged-in Horizon session. Returns the user or raises."""
        user = finish.authenticate(self.request, self.receipt, self.pending, code)
        if user is None:
            raise auth_exc.KeystoneAuthException(messages.NO_LOGIN)
        pending_login.drop(self.request)
        finish.complete(self.request, user)
        attempts.right(self.request, self.pending.user_id)
        return shortcuts.redirect(settings.LOGIN_REDIRECT_URL)


class CodeStep(_Step):
    name = 'code'
    template = 'gencloud_mfa/code.html'

    def render_form(self, form, status=200):
        return self.render(self.template, form, status)

    def check(self, form, code):
        if not throttle.claim(self.pending.user_id, code):
            return self.replayed(form)
        try:
            return self.finish(code)
        except auth_exc.KeystoneAuthException as exc:
            # Keystone did not accept it: the user's real code must stay usable.
            throttle.release_code(self.pending.user_id, code)
            return self.refused_by_keystone(form, exc)

    def refused_by_keystone(self, form, exc: auth_exc.KeystoneAuthException):
        if isinstance(exc, auth_exc.KeystoneConnectionException):
            form.add_error(None, messages.KEYSTONE_DOWN)
            return self.render_form(form, status=503)
        if isinstance(exc, auth_exc.KeystoneCredentialsException):
            return self.wrong_code(form)
        form.add_error(None, str(exc))
        return self.render_form(form, status=400)


class EnrollStep(_Step):
    name = 'enrollment'
    template = 'gencloud_mfa/enroll.html'

    def secret(self) -> str:
        """This user's unsaved secret, kept only in the server-side session."""
        secret = pending_login.unsaved_secret(self.request, self.pending)
        if secret is None:
            secret = totp.new_secret()
            pending_login.keep_secret(self.request, self.pending, secret)
        return secret

    def render_form(self, form, status=200):
        secret = self.secret()
        return self.render(self.template, form, status,
                           otpauth_uri=attempts.otpauth_uri(secret, self.pending.user_name),
                           grouped_key=totp.group_key(secret),
                           qr_url=reverse('gencloud_mfa:qr'))

    def check(self, form, code):
        secret = self.secret()
        if not attempts.verify_totp(secret, code):
            return self.wrong_code(form)
        if not throttle.claim(self.pending.user_id, code):
            return self.replayed(form)
        try:
            saved = credentials.create_totp_once(ServiceStore(), self.pending.user_id, secret)
        except KeystoneUnavailable as exc:
            LOG.warning('TOTP enrollment of user %s not saved: %s', self.pending.user_id, exc)
            throttle.release_code(self.pending.user_id, code)
            form.add_error(None, messages.KEYSTONE_DOWN)
            return self.render_form(form, status=503)
        if saved is credentials.Saved.OTHER:
            return self.already_enrolled()
        if saved is credentials.Saved.CREATED:
            audit.record(self.request, audit.ENROLL, self.pending.user_id)
        # The code proved the secret that is now the user's authenticator.
        attempts.right(self.request, self.pending.user_id)
        if self.pending.expired:
            return to_login(self.request, messages.ENROLLED_RELOGIN)
        try:
            return after_enrollment(self.request, self.finish(code), self.receipt)
        except auth_exc.KeystoneAuthException:
            # The credential is saved and complete; only the login must be redone.
            return to_login(self.request, messages.ENROLLED_RELOGIN)

    def already_enrolled(self):
        pending_login.set_enrolled(self.request, self.receipt, self.pending, True)
        step = CodeStep(self.request, self.receipt, self.pending)
        return step.render_form(form_with_error(messages.ALREADY_ENROLLED), status=409)


@method_decorator([sensitive_post_parameters(), csrf_protect, never_cache], name='dispatch')
class MfaStepView(View):
    """Branches between the code page and the enrollment page."""

    def dispatch(self, request, user_name: str):
        found, redirect = start(request, user_name, allow_expired=True)
        if redirect:
            return redirect
        receipt, pending = found
        if pending.expired and not self._finishing_enrollment(request, pending):
            return to_login(request, messages.EXPIRED)
        refused = locked_out(request, pending.user_id)
        if refused:
            return refused
        try:
            enrolled = is_enrolled(receipt, pending)
            step_class = CodeStep if enrolled or not conf.get().self_enroll else EnrollStep
            # After a used recovery code the user was enrolled: no window applies.
            closed = (step_class is EnrollStep and not pending.recovered
                      and not credentials.enrollment_allowed(pending.user_id))
        except KeystoneUnavailable as exc:
            return keystone_down(request, pending, exc)
        if closed:
            audit.record(request, audit.ENROLL_REFUSED, pending.user_id)
            pending_login.drop(request)
            return shortcuts.render(request, 'gencloud_mfa/enroll_closed.html', status=403)
        step = step_class(request, receipt, pending)
        if request.method == 'POST':
            return step.post()
        if request.method in ('GET', 'HEAD'):
            return step.get()
        return http.HttpResponseNotAllowed(['GET', 'POST'])

    @staticmethod
    def _finishing_enrollment(request, pending: pending_login.PendingLogin) -> bool:
        """A code for a QR shown before the receipt expired may still be saved."""
        return (request.method == 'POST' and pending.enrolled is False
                and pending_login.unsaved_secret(request, pending) is not None)


@never_cache
@require_safe
def qr_code(request) -> http.HttpResponse:
    """PNG of the pending enrollment's otpauth URI; only for that session."""
    found, redirect = pending_or_redirect(request)
    if redirect:
        return http.HttpResponseForbidden()
    _, pending = found
    secret = pending_login.unsaved_secret(request, pending)
    if pending.enrolled is not False or secret is None:
        return http.HttpResponseForbidden()
    return http.HttpResponse(totp.qr_png(attempts.otpauth_uri(secret, pending.user_name)),
                             content_type='image/png')
