"""The second login step: the code page, or the enrollment page on first login.

Answers openstack_auth's `/auth/totp/<user_name>/` URL. Whose login it is comes
only from the receipt in the server-side session (see receipts.py); the
user name in the URL is compared, never trusted.
"""
from __future__ import annotations

import datetime
import logging
import math

from django import http, shortcuts
from django.conf import settings
from django.urls import reverse
from django.utils import timesince
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe
from openstack_auth import exceptions as auth_exc
from openstack_auth import utils as auth_utils
from openstack_auth import views as auth_views
from openstack_auth.views import set_logout_reason

from gencloud_mfa import audit, conf, login, receipts, service, throttle, totp
from gencloud_mfa.authenticator.codes import after_enrollment
from gencloud_mfa.forms import PasscodeForm

LOG = logging.getLogger(__name__)

MSG_NO_LOGIN = _('Your sign-in has ended or was not started here. Please sign in again.')
MSG_EXPIRED = _('Your sign-in took too long and has expired. Please sign in again.')
MSG_WRONG_USER = _('That sign-in page does not belong to your sign-in. Please sign in again.')
MSG_LOCKED = _('Too many incorrect codes. You can try again in %(wait)s: then sign in '
               'again with your password.')
MSG_WRONG_CODE = _('That code is not valid. Check that your phone shows the right time '
                   'and enter the current code.')
MSG_REPLAY = _('That code was already used. Wait for the next code in your app.')
MSG_KEYSTONE_DOWN = _('The identity service cannot be reached right now. '
                      'Nothing was changed; please try again in a moment.')
MSG_ENROLLED_RELOGIN = _('Your authenticator app is registered, but your sign-in expired '
                         'before it finished. Sign in again and enter a code from the app.')
MSG_CANCELLED = _('Sign-in cancelled.')
MSG_ALREADY_ENROLLED = _('An authenticator is already registered for your account. '
                         'Enter a code from it.')


def _client_ip(request) -> str | None:
    return auth_utils.get_client_ip(request)


def enrollment_uri(secret: str, pending: receipts.PendingLogin) -> str:
    cfg = conf.get()
    return totp.otpauth_uri(secret, pending.user_name, cfg.issuer, cfg.digits, cfg.period)


def to_login(request, message) -> http.HttpResponse:
    receipts.drop(request)
    response = shortcuts.redirect(settings.LOGIN_URL)
    set_logout_reason(response, str(message))
    return response


def locked_out(request, user_id: str, at_least: float = 0) -> http.HttpResponse | None:
    """Back to the login page while the throttle locks USER_ID out from here."""
    wait = max(throttle.locked(user_id, _client_ip(request)), at_least)
    if wait <= 0:
        return None
    now = datetime.datetime.now(datetime.timezone.utc)
    until = now + datetime.timedelta(minutes=math.ceil(wait / 60))
    return to_login(request, str(MSG_LOCKED) % {'wait': timesince.timeuntil(until, now)})


def form_with_error(message) -> PasscodeForm:
    """An empty code form showing MESSAGE above the field."""
    form = PasscodeForm(data={})
    form.errors.clear()  # bound (so it can carry an error) but not "required"
    form.add_error(None, message)
    return form


def step_url(user_name: str) -> str:
    """The second-step URL for USER_NAME (any Keystone name: '/', spaces, unicode)."""
    return reverse('totp', args=[user_name])


@sensitive_post_parameters()
def login_view(request) -> http.HttpResponse:
    """openstack_auth's login view, plus a new session key once a receipt is stored.

    A session id planted in the browser before the password step (cookie
    injection) must not carry the pending login: the receipt only ever lives
    under a key issued after the password was checked (login rotates it again).
    """
    before = receipts.in_session(request)
    response = auth_views.login(request)
    receipt = receipts.in_session(request)
    if receipt and receipt != before:
        request.session.cycle_key()
    return response


class _Step:
    """One request of the second step, with the pending login it belongs to."""

    def __init__(self, request, receipt: str, pending: receipts.PendingLogin) -> None:
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
        """A well-formed code is checked only once its attempt is reserved (throttle.py)."""
        form = PasscodeForm(self.request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        if not throttle.reserve_attempt(self.pending.user_id, _client_ip(self.request)):
            LOG.warning('TOTP attempt for user %s refused: locked out', self.pending.user_id)
            return locked_out(self.request, self.pending.user_id,
                              at_least=self.cfg.lockout_seconds)
        return self.check(form, form.cleaned_data['passcode'])

    def check(self, form: PasscodeForm, code: str) -> http.HttpResponse:
        raise NotImplementedError

    def wrong_code(self, form: PasscodeForm) -> http.HttpResponse:
        """The reserved attempt failed; once locked out, drop everything and start over."""
        LOG.warning('Wrong TOTP code for user %s (%s step)', self.pending.user_id, self.name)
        throttle.record_failure(self.pending.user_id, _client_ip(self.request))
        refused = locked_out(self.request, self.pending.user_id)
        audit.record(self.request, audit.LOCKOUT if refused else audit.CODE_FAILED,
                     self.pending.user_id, failures=throttle.attempts(self.pending.user_id))
        if refused:
            return refused
        form.add_error('passcode', MSG_WRONG_CODE)
        return self.render_form(form, status=400)

    def claim(self, code: str) -> bool:
        return throttle.claim_code(self.pending.user_id, code, self.cfg.replay_seconds)

    def finish(self, code: str):
        """Receipt + code -> logged-in Horizon session. Returns the user or raises."""
        user = login.authenticate(self.request, self.receipt, self.pending, code)
        if user is None:
            raise auth_exc.KeystoneAuthException(MSG_NO_LOGIN)
        receipts.drop(self.request)
        login.complete(self.request, user)
        throttle.record_success(self.pending.user_id, _client_ip(self.request))
        return shortcuts.redirect(settings.LOGIN_REDIRECT_URL)


class CodeStep(_Step):
    name = 'code'
    template = 'gencloud_mfa/code.html'

    def render_form(self, form, status=200):
        return self.render(self.template, form, status)

    def check(self, form, code):
        if not self.claim(code):
            form.add_error('passcode', MSG_REPLAY)
            return self.render_form(form, status=400)
        try:
            return self.finish(code)
        except auth_exc.KeystoneAuthException as exc:
            # Keystone did not accept it: the user's real code must stay usable.
            throttle.release_code(self.pending.user_id, code)
            return self.refused_by_keystone(form, exc)

    def refused_by_keystone(self, form, exc: auth_exc.KeystoneAuthException):
        if isinstance(exc, auth_exc.KeystoneConnectionException):
            form.add_error(None, MSG_KEYSTONE_DOWN)
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
        secret = receipts.unsaved_secret(self.request, self.pending)
        if secret is None:
            secret = totp.new_secret()
            receipts.keep_secret(self.request, self.pending, secret)
        return secret

    def render_form(self, form, status=200):
        secret = self.secret()
        return self.render(self.template, form, status,
                           otpauth_uri=enrollment_uri(secret, self.pending),
                           grouped_key=totp.group_key(secret),
                           qr_url=reverse('gencloud_mfa:qr'))

    def check(self, form, code):
        secret = self.secret()
        if not totp.verify(secret, code, digits=self.cfg.digits, period=self.cfg.period,
                           previous_windows=self.cfg.previous_windows):
            return self.wrong_code(form)
        if not self.claim(code):
            form.add_error('passcode', MSG_REPLAY)
            return self.render_form(form, status=400)
        try:
            saved = service.create_totp_once(self.pending.user_id, secret)
        except service.ServiceUnavailable as exc:
            LOG.warning('TOTP enrollment of user %s not saved: %s', self.pending.user_id, exc)
            throttle.release_code(self.pending.user_id, code)
            form.add_error(None, MSG_KEYSTONE_DOWN)
            return self.render_form(form, status=503)
        if saved is service.Saved.OTHER:
            return self.already_enrolled()
        if saved is service.Saved.CREATED:
            audit.record(self.request, audit.ENROLL, self.pending.user_id)
        # The code proved the secret that is now the user's authenticator.
        throttle.record_success(self.pending.user_id, _client_ip(self.request))
        if self.pending.expired:
            return to_login(self.request, MSG_ENROLLED_RELOGIN)
        try:
            return after_enrollment(self.request, self.finish(code), self.receipt)
        except auth_exc.KeystoneAuthException:
            # The credential is saved and complete; only the login must be redone.
            return to_login(self.request, MSG_ENROLLED_RELOGIN)

    def already_enrolled(self):
        receipts.set_enrolled(self.request, self.receipt, self.pending, True)
        step = CodeStep(self.request, self.receipt, self.pending)
        return step.render_form(form_with_error(MSG_ALREADY_ENROLLED), status=409)


def pending_or_redirect(request, user_name: str | None = None, allow_expired: bool = False):
    """(receipt, pending) for this session, or a redirect to the login page.

    USER_NAME (from the step URL) must name the pending login's user.
    """
    found = receipts.current(request)
    if found is None:
        return None, to_login(request, MSG_NO_LOGIN)
    _, pending = found
    if pending.expired and not allow_expired:
        return None, to_login(request, MSG_EXPIRED)
    if user_name is not None and user_name not in (pending.login_name, pending.user_name):
        if request.method in ('GET', 'HEAD'):  # a link cannot cancel someone's sign-in
            return None, shortcuts.redirect(step_url(pending.login_name))
        LOG.warning('MFA step URL names another user than the session receipt; dropped')
        return None, to_login(request, MSG_WRONG_USER)
    return found, None


@method_decorator([sensitive_post_parameters(), csrf_protect, never_cache], name='dispatch')
class MfaStepView(View):
    """Branches between the code page and the enrollment page."""

    def dispatch(self, request, user_name: str):
        if request.user.is_authenticated:
            return shortcuts.redirect(settings.LOGIN_REDIRECT_URL)
        if request.method == 'POST' and 'cancel' in request.POST:
            return to_login(request, MSG_CANCELLED)
        found, redirect = pending_or_redirect(request, user_name, allow_expired=True)
        if redirect:
            return redirect
        receipt, pending = found
        if pending.expired and not self._finishing_enrollment(request, pending):
            return to_login(request, MSG_EXPIRED)
        cfg = conf.get()
        refused = locked_out(request, pending.user_id)
        if refused:
            return refused
        try:
            enrolled = receipts.is_enrolled(receipt, pending)
            step_class = CodeStep if enrolled or not cfg.self_enroll else EnrollStep
            # After a used recovery code the user was enrolled: no window applies.
            closed = (step_class is EnrollStep and not pending.recovered
                      and not service.enrollment_allowed(pending.user_id))
        except service.ServiceUnavailable as exc:
            LOG.warning('Cannot look up the MFA state of %s: %s', pending.user_id, exc)
            return shortcuts.render(request, 'gencloud_mfa/unavailable.html',
                                    {'message': MSG_KEYSTONE_DOWN}, status=503)
        if closed:
            audit.record(request, audit.ENROLL_REFUSED, pending.user_id)
            receipts.drop(request)
            return shortcuts.render(request, 'gencloud_mfa/enroll_closed.html', status=403)
        step = step_class(request, receipt, pending)
        if request.method == 'POST':
            return step.post()
        if request.method in ('GET', 'HEAD'):
            return step.get()
        return http.HttpResponseNotAllowed(['GET', 'POST'])

    @staticmethod
    def _finishing_enrollment(request, pending: receipts.PendingLogin) -> bool:
        """A code for a QR shown before the receipt expired may still be saved."""
        return (request.method == 'POST' and pending.enrolled is False
                and receipts.unsaved_secret(request, pending) is not None)


@never_cache
@require_safe
def qr_code(request) -> http.HttpResponse:
    """PNG of the pending enrollment's otpauth URI; only for that session."""
    found, redirect = pending_or_redirect(request)
    if redirect:
        return http.HttpResponseForbidden()
    _, pending = found
    secret = receipts.unsaved_secret(request, pending)
    if pending.enrolled is not False or secret is None:
        return http.HttpResponseForbidden()
    return http.HttpResponse(totp.qr_png(enrollment_uri(secret, pending)),
                             content_type='image/png')
