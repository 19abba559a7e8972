"""Settings > Authenticator forms: the step-up code plus what to do next."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gencloud_mfa.flow.forms import PasscodeForm

REPLACE = 'replace'
NEW_CODES = 'new_codes'


class StepUpForm(PasscodeForm):
    action = forms.ChoiceField(
        label=_('What do you want to do?'),
        choices=[(REPLACE, _('Replace my authenticator app')),
                 (NEW_CODES, _('Create new recovery codes (the old ones stop working)'))],
        initial=REPLACE, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields['passcode'].label = _('Code from your current authenticator app')
