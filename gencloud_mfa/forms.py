"""The one field both MFA pages ask for: a code from the authenticator app."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gencloud_mfa import conf, totp


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
