"""The passcode form (flow/forms.py): only six plain digits get through."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize('typed,valid', [
    ('١٢٣٤٥٦', True), ('１２３ ４５６', True), ('¹²³⁴⁵⁶', False), ('12345', False),
])
def test_passcode_form_never_lets_odd_digits_through(typed, valid):
    from gencloud_mfa.flow.forms import PasscodeForm
    form = PasscodeForm({'passcode': typed})
    assert form.is_valid() is valid
    if valid:
        assert form.cleaned_data['passcode'] == '123456'
    else:
        assert '6-digit' in str(form.errors['passcode'])
