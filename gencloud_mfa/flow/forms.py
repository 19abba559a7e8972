"""What the MFA pages ask for: a code from the authenticator app, or a recovery code."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gencloud_mfa import conf
from gencloud_mfa.logic import recovery_codes, totp


class PasscodeForm(forms.Form):
    passcode = forms.CharField(
        label=_('Authentication code'),
        max_length=32,
        help_text=_('The 6-digit code shown in your authenticator app.'),
        widget=forms.TextInput(attrs={
            'autocomplete': 'one-time-code',
            'inputmode': 'numeric',
            'autofocus': 'autofocus',
            'spellcheck': 'false',
        }))

    def clean_passcode(self) -> str:
        digits = conf.get().digits
        code = totp.normalize(self.cleaned_data['passcode'])
        if len(code) != digits or not totp.is_ascii_digits(code):
            raise forms.ValidationError(
                _('Enter the %(digits)d-digit code from your authenticator app.'),
                params={'digits': digits})
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_('Recovery code'),
        max_length=32,
        help_text=_('One of the recovery codes you saved when you set up your authenticator, '
                    'for example abcde-12345.'),
        widget=forms.TextInput(attrs={
            'autocomplete': 'off',
            'autocapitalize': 'none',
            'autofocus': 'autofocus',
            'spellcheck': 'false',
        }))

    def clean_code(self) -> str:
        code = recovery_codes.normalize(self.cleaned_data['code'])
        if code is None:
            raise forms.ValidationError(
                _('A recovery code has %(length)d letters and digits.'),
                params={'length': recovery_codes.CODE_LENGTH})
        return code
