"""Filter form for the alert table and the create-silence form."""
from __future__ import annotations

from datetime import datetime, timezone

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _
from horizon import forms, messages

from gencloud_ops_panel import conf
from gencloud_ops_panel.api import alertmanager
from gencloud_ops_panel.api.base import BackendError
from gencloud_ops_panel.logic import alerts as logic

GROUP_CHOICES = (('', _('No grouping')), ('alertname', _('Alert name')),
                 ('instance', _('Instance')))


class AlertFilterForm(django_forms.Form):
    """GET form above the alert table; works with or without JavaScript."""
    state = django_forms.MultipleChoiceField(
        label=_('State'), required=False, widget=django_forms.CheckboxSelectMultiple,
        choices=(('firing', _('Firing')), ('pending', _('Pending')),
                 ('silenced', _('Silenced')), ('inhibited', _('Inhibited'))))
    severity = django_forms.MultipleChoiceField(label=_('Severity'), required=False,
                                                widget=django_forms.CheckboxSelectMultiple)
    label = django_forms.CharField(
        label=_('Label'), required=False, max_length=255,
        widget=django_forms.TextInput(attrs={'placeholder': 'instance=node-1'}),
        help_text=_('name=value, name!=value, name=~regex, or any text found in a label'))
    group = django_forms.ChoiceField(label=_('Group by'), required=False, choices=GROUP_CHOICES)

    def __init__(self, data, severities: list[str], **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields['severity'].choices = [(s, s) for s in severities]

    def clean_label(self):
        try:
            return logic.parse_label_filter(self.cleaned_data['label'])
        except ValueError:
            raise django_forms.ValidationError(_('Not a valid regular expression.')) from None


class CreateSilenceForm(forms.SelfHandlingForm):
    matchers = forms.CharField(
        label=_('Matchers'), widget=forms.Textarea(attrs={'rows': 5}),
        help_text=_('One per line: name=value, name!=value, name=~regex or name!~regex.'))
    starts_at = forms.DateTimeField(
        label=_('Starts (UTC)'), required=False, input_formats=['%Y-%m-%d %H:%M'],
        help_text=_('YYYY-MM-DD HH:MM; empty means now.'))
    duration = forms.CharField(label=_('Duration'), initial='2h', max_length=32,
                               help_text=_('For example 30m, 2h, 1d12h.'))
    comment = forms.CharField(label=_('Comment'), widget=forms.Textarea(attrs={'rows': 3}),
                              max_length=1000)

    def clean(self):
        data = super().clean()
        try:
            matchers = logic.parse_matchers(data.get('matchers', ''))
        except ValueError as exc:
            self.add_error('matchers', _('Not a matcher: %s') % exc)
            matchers = []
        else:
            if not matchers:
                self.add_error('matchers', _('Give at least one matcher.'))
        try:
            duration = logic.parse_duration(data.get('duration', ''))
        except ValueError:
            self.add_error('duration', _('Give a positive duration such as 30m, 2h or 1d.'))
            return data
        starts_at = data.get('starts_at') or datetime.now(timezone.utc)
        if starts_at.tzinfo is None:
            starts_at = starts_at.replace(tzinfo=timezone.utc)
        if starts_at + duration <= datetime.now(timezone.utc):
            self.add_error('duration', _('The silence must end after it starts and in the '
                                         'future.'))
        if matchers and not self.errors:
            data['payload'] = logic.silence_payload(
                matchers, starts_at, starts_at + duration, self.request.user.username,
                data.get('comment', ''))
        return data

    def handle(self, request, data):
        """Create the silence on the first Alertmanager that takes it (HA peers gossip)."""
        errors = []
        for url in conf.get().alertmanager_urls:
            try:
                silence_id = alertmanager.create_silence(url, data['payload'])
            except BackendError as exc:
                errors.append(str(exc))
                continue
            messages.success(request, _('Silence %s created.') % silence_id)
            return silence_id
        self.api_error(_('Alertmanager refused the silence: %s')
                       % ('; '.join(errors) or _('no Alertmanager is configured.')))
        return False
