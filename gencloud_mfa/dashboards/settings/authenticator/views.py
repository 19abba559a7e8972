"""Settings > Authenticator: step-up, replacement, new recovery codes (see __init__)."""
from __future__ import annotations

import logging

from django import http, shortcuts
from django.contrib import messages
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from horizon.views import PageTitleMixin

from gencloud_mfa import conf
from gencloud_mfa.dashboards.settings.authenticator import forms
from gencloud_mfa.flow import attempts
from gencloud_mfa.flow import messages as texts
from gencloud_mfa.flow.forms import PasscodeForm
from gencloud_mfa.keystone import KeystoneUnavailable, credentials
from gencloud_mfa.keystone.stores import ServiceStore
from gencloud_mfa.logic import recovery_codes, totp
from gencloud_mfa.state import audit, stash, throttle

LOG = logging.getLogger(__name__)
INDEX = 'horizon:settings:gencloud_authenticator:index'

MSG_START_AGAIN = _('Confirm with a code from your current authenticator app first.')
MSG_REPLACED = _('Your new authenticator app is registered. Codes from the old one '
                 'no longer work.')
MSG_NOT_REPLACED = _('The identity service did not finish the change. Your current '
                     'authenticator app still works; enter a new code to try again.')
MSG_NOTHING_CHANGED = _('Nothing was changed.')


def check_code(request, secrets: list[str], code: str) -> str | None:
    """None if CODE is a fresh code of one of SECRETS, else what to tell the user.

    Wrong codes count against the same limits as wrong login codes, and are
    audited like them.
    """
    user_id = request.user.id
    if not attempts.reserve(request, user_id):
        return texts.STEP_UP_LOCKED
    if not any(attempts.verify_totp(secret, code) for secret in secrets):
        locked = attempts.wrong(request, user_id, 'TOTP code', 'Settings step-up')
        return texts.STEP_UP_LOCKED if locked else texts.WRONG_CODE
    if not throttle.claim(user_id, code):
        return texts.REPLAY
    attempts.right(request, user_id)
    return None


def unavailable(request, message, title) -> http.HttpResponse:
    """HTTP 503 page that needs no Keystone (Horizon's page chrome does)."""
    return shortcuts.render(request, 'gencloud_mfa/authenticator/unavailable.html',
                            {'message': message, 'page_title': title}, status=503)


class _Page(PageTitleMixin, generic.FormView):
    page_title = _('Authenticator')

    def failed(self, form, message) -> http.HttpResponse:
        form.add_error('passcode', message)
        return self.form_invalid(form)

    def unavailable(self, message) -> http.HttpResponse:
        return unavailable(self.request, message, self.page_title)

    def form_invalid(self, form):
        # Horizon's PageTitleMixin.render_to_response takes no status.
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response


@method_decorator([sensitive_post_parameters(), never_cache], name='dispatch')
class IndexView(_Page):
    """Status, and the step-up form that starts either action."""

    template_name = 'gencloud_mfa/authenticator/index.html'
    form_class = forms.StepUpForm

    def dispatch(self, request, *args, **kwargs):
        try:
            store = ServiceStore()
            self.secrets = [c['blob'] for c in store.list(request.user.id, totp.CREDENTIAL_TYPE)]
            self.remaining = credentials.remaining_codes(store, request.user.id)
        except KeystoneUnavailable as exc:
            LOG.warning('Authenticator status of %s unavailable: %s', request.user.id, exc)
            return self.unavailable(texts.KEYSTONE_DOWN)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(registered=len(self.secrets), remaining=self.remaining,
                                        code_count=recovery_codes.CODE_COUNT, **kwargs)

    def form_valid(self, form):
        user_id = self.request.user.id
        error = check_code(self.request, self.secrets, form.cleaned_data['passcode'])
        if error:
            return self.failed(form, error)
        if form.cleaned_data['action'] == forms.REPLACE:
            stash.put(self.request, stash.REPLACE_KEY, secret=totp.new_secret())
            return shortcuts.redirect('horizon:settings:gencloud_authenticator:replace')
        try:
            new = credentials.issue_codes(ServiceStore(), user_id)
        except KeystoneUnavailable as exc:
            LOG.warning('New recovery codes for %s failed: %s', user_id, exc)
            return self.unavailable(texts.KEYSTONE_DOWN)
        stash.put(self.request, stash.CODES_KEY, codes=new, next=reverse(INDEX))
        return shortcuts.redirect(stash.CODES_PAGE)


@method_decorator([sensitive_post_parameters(), never_cache], name='dispatch')
class ReplaceView(_Page):
    """QR of the new secret; only a code from the new app swaps the credential."""

    template_name = 'gencloud_mfa/authenticator/replace.html'
    form_class = PasscodeForm

    def dispatch(self, request, *args, **kwargs):
        self.entry = stash.get(request, stash.REPLACE_KEY)
        if request.method == 'POST' and 'cancel' in request.POST:
            stash.drop(request, stash.REPLACE_KEY)
            messages.info(request, MSG_NOTHING_CHANGED)
            return shortcuts.redirect(INDEX)
        if self.entry is None:
            messages.warning(request, MSG_START_AGAIN)
            return shortcuts.redirect(INDEX)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        secret = self.entry['secret']
        return super().get_context_data(grouped_key=totp.group_key(secret),
                                        otpauth_uri=attempts.otpauth_uri(secret, self.request.user.username),
                                        qr_url=reverse('horizon:settings:gencloud_authenticator:qr'),
                                        issuer=conf.get().issuer, **kwargs)

    def form_valid(self, form):
        user_id, secret = self.request.user.id, self.entry['secret']
        error = check_code(self.request, [secret], form.cleaned_data['passcode'])
        if error:
            return self.failed(form, error)
        try:
            credentials.replace_authenticator(ServiceStore(), user_id, secret)
        except KeystoneUnavailable as exc:
            LOG.warning('Authenticator replacement for %s not finished: %s', user_id, exc)
            return self.unavailable(MSG_NOT_REPLACED)
        stash.drop(self.request, stash.REPLACE_KEY)
        audit.record(self.request, audit.REPLACE, user_id)
        messages.success(self.request, MSG_REPLACED)
        return shortcuts.redirect(INDEX)


@never_cache
def replacement_qr(request) -> http.HttpResponse:
    """PNG of this session's pending replacement secret."""
    entry = stash.get(request, stash.REPLACE_KEY)
    if entry is None:
        return http.HttpResponseForbidden()
    return http.HttpResponse(totp.qr_png(attempts.otpauth_uri(entry['secret'], request.user.username)),
                             content_type='image/png')


@method_decorator(never_cache, name='dispatch')
class CodesView(PageTitleMixin, generic.TemplateView):
    """New recovery codes, until the user says they are saved."""

    template_name = 'gencloud_mfa/authenticator/codes.html'
    page_title = _('Your recovery codes')

    def dispatch(self, request, *args, **kwargs):
        self.entry = stash.get(request, stash.CODES_KEY)
        if self.entry is None:
            return shortcuts.redirect(INDEX)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        shown = [recovery_codes.display(code) for code in self.entry['codes']]
        if 'download' in request.GET:
            response = http.HttpResponse('\n'.join(shown) + '\n',
                                         content_type='text/plain; charset=utf-8')
            response['Content-Disposition'] = 'attachment; filename="recovery-codes.txt"'
            return response
        return self.render_to_response(self.get_context_data(codes=shown))

    def post(self, request, *args, **kwargs):
        stash.drop(request, stash.CODES_KEY)
        return shortcuts.redirect(self.entry['next'])
