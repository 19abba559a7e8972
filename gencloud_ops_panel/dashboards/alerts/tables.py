"""Horizon tables: alerts (merged sources), silences, rules."""
from __future__ import annotations

from urllib.parse import urlencode

from django import shortcuts
from django.template.defaultfilters import timesince
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import exceptions, messages, tables

from gencloud_ops_panel import conf
from gencloud_ops_panel.api import alertmanager
from gencloud_ops_panel.api import alerts as alerts_api
from gencloud_ops_panel.api.base import BackendError
from gencloud_ops_panel.logic import alerts as logic

STATE_DISPLAY = (
    ('firing', _('Firing')), ('pending', _('Pending')),
    ('silenced', _('Silenced')), ('inhibited', _('Inhibited')),
)
RULE_STATE_DISPLAY = (
    ('firing', _('Firing')), ('pending', _('Pending')), ('inactive', _('Inactive')),
)
HEALTH_DISPLAY = (('ok', _('OK')), ('err', _('Error')), ('unknown', _('Unknown')))
SILENCE_STATE_DISPLAY = (('active', _('Active')), ('pending', _('Pending')))


LINK_URLS = {'instance': 'horizon:admin:instances:detail',
             'hypervisor': 'horizon:admin:hypervisors:detail',
             'project': 'horizon:identity:projects:detail'}


def _key_labels(alert) -> str:
    """name=value, the value linked to the OpenStack resource it names (logic.resource_links)."""
    def value(name: str, text: str) -> str:
        link = alert.links.get(name)
        if link is None:
            return text
        return format_html('<a href="{}" class="gencloud-alert-link-{}">{}</a>',
                           reverse(LINK_URLS[link.kind], args=(link.target,)), link.kind, text)
    return format_html_join(', ', '{}={}', ((k, value(k, v)) for k, v in alert.key_labels.items()))


STATE_COLOURS = {'firing': '#d9534f', 'pending': '#f0ad4e'}   # Bootstrap danger, warning


def timeline_svg(timeline) -> str:
    """A small server-side SVG of a logic.Timeline: one bar per firing/pending span,
    each titled with its state and times (tooltip, screen readers)."""
    if timeline is None:
        return ''
    names = dict(STATE_DISPLAY)
    bars = format_html_join('', '<rect x="{}" width="{}" height="10" fill="{}"><title>{}</title></rect>', (
        (f'{span.start * 100:.2f}', f'{(span.end - span.start) * 100:.2f}',
         STATE_COLOURS[span.state],
         _('%(state)s %(start)s–%(end)s UTC') % {
             'state': names[span.state], 'start': timeline.at(span.start).strftime('%H:%M'),
             'end': timeline.at(span.end).strftime('%H:%M')})
        for span in timeline.spans))
    label = _('Last 24 hours: firing %(percent)d%% of the time') % {
        'percent': round(timeline.firing_share * 100)}
    return format_html('<svg class="gencloud-alert-timeline" viewBox="0 0 100 10" '
                       'preserveAspectRatio="none" width="192" height="12" role="img" '
                       'aria-label="{}"><rect width="100" height="10" fill="#e6e6e6"/>{}</svg>',
                       label, bars)


def _age(alert) -> str:
    return timesince(alert.starts_at) if alert.starts_at else ''


def _suppressed_by(alert) -> str:
    return ', '.join(alert.silenced_by + alert.inhibited_by)


class CreateSilence(tables.LinkAction):
    name = 'create_silence'
    verbose_name = _('Create Silence')
    url = 'horizon:admin:gencloud_alerts:create_silence'
    classes = ('ajax-modal',)
    icon = 'plus'

    def allowed(self, request, datum=None) -> bool:
        return bool(conf.get().alertmanager_urls)


def silence_form_url(labels: dict[str, str]) -> str:
    """The create-silence form with LABELS as its matchers (?matcher=name=value)."""
    query = urlencode([('matcher', f'{k}={v}') for k, v in sorted(labels.items())])
    return f"{reverse('horizon:admin:gencloud_alerts:create_silence')}?{query}"


class SilenceAlert(CreateSilence):
    """Row action: a silence whose matchers are the alert's labels."""
    name = 'silence'
    verbose_name = _('Silence')
    icon = 'bell-slash'

    def get_link_url(self, datum=None) -> str:
        return silence_form_url(datum.labels)

    def allowed(self, request, datum=None) -> bool:
        return super().allowed(request, datum) and datum is not None and datum.state in (
            'firing', 'pending', 'inhibited')


class SilenceSelected(tables.Action):
    """Table action on the ticked rows: one silence form whose matchers are the labels
    all of them share (logic.shared_labels)."""
    name = 'silence_selected'
    verbose_name = verbose_name_plural = _('Silence Selected')
    icon = 'bell-slash'

    def allowed(self, request, datum=None) -> bool:
        return bool(conf.get().alertmanager_urls)

    def handle(self, data_table, request, object_ids):
        wanted = set(object_ids)
        chosen = [a for a in data_table.data if a.fingerprint in wanted]
        if len(chosen) < len(wanted):   # ticked on a page that has changed since
            chosen = [a for a in alerts_api.start_collecting_alerts()().alerts
                      if a.fingerprint in wanted]
        shared = logic.shared_labels(a.labels for a in chosen)
        if not shared:
            messages.error(request, _('The selected alerts have no label in common; '
                                      'silence them one by one.') if chosen else
                           _('The selected alerts are no longer active.'))
            return None
        if len(chosen) < len(wanted):
            messages.warning(request, _('Some selected alerts are no longer active.'))
        return shortcuts.redirect(silence_form_url(shared))


class AlertsTable(tables.DataTable):
    state = tables.Column('state', verbose_name=_('State'), display_choices=STATE_DISPLAY)
    severity = tables.Column('severity', verbose_name=_('Severity'))
    name = tables.Column('name', verbose_name=_('Alert'))
    summary = tables.Column('summary', verbose_name=_('Summary'))
    description = tables.Column('description', verbose_name=_('Description'))
    labels = tables.Column(_key_labels, verbose_name=_('Labels'))
    starts_at = tables.Column('starts_at', verbose_name=_('Started'),
                              filters=(lambda t: t.strftime('%Y-%m-%d %H:%M:%S UTC')
                                       if t else '',))
    age = tables.Column(_age, verbose_name=_('Age'))
    history = tables.Column(lambda alert: timeline_svg(alert.history),
                            verbose_name=_('Last 24 h'))
    suppressed_by = tables.Column(_suppressed_by, verbose_name=_('Silenced / inhibited by'))

    class Meta:
        name = 'alerts'
        verbose_name = _('Alerts')
        table_actions = (SilenceSelected,)
        row_actions = (SilenceAlert,)
        multi_select = True  # Horizon's default: only with a batch action

    def get_object_id(self, datum) -> str:
        return datum.fingerprint

    def render_table_actions(self):
        """Horizon shows the tick boxes only for batch actions: Silence Selected needs them."""
        rendered = super().render_table_actions()
        self.set_multiselect_column_visibility(
            any(isinstance(action, SilenceSelected) for action in self.get_table_actions()))
        return rendered


class ExpireSilence(tables.DeleteAction):
    help_text = _('The silenced alerts notify again.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Expire Silence', 'Expire Silences', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Expired Silence', 'Expired Silences', count)

    def delete(self, request, obj_id) -> None:
        """Expire on every Alertmanager that knows the silence (HA pairs may not gossip)."""
        errors = []
        for url in conf.get().alertmanager_urls:
            try:
                alertmanager.expire_silence(url, obj_id)
                return
            except BackendError as exc:
                errors.append(str(exc))
        for error in errors:
            messages.error(request, error)
        raise exceptions.HorizonException('; '.join(errors) or 'no Alertmanager configured')


class SilencesTable(tables.DataTable):
    matchers = tables.Column('matcher_text', verbose_name=_('Matchers'))
    state = tables.Column('state', verbose_name=_('State'), display_choices=SILENCE_STATE_DISPLAY)
    starts_at = tables.Column('starts_at', verbose_name=_('Starts'),
                              filters=(lambda t: t.strftime('%Y-%m-%d %H:%M UTC')
                                       if t else '',))
    ends_at = tables.Column('ends_at', verbose_name=_('Ends'),
                            filters=(lambda t: t.strftime('%Y-%m-%d %H:%M UTC') if t else '',))
    created_by = tables.Column('created_by', verbose_name=_('Created by'))
    comment = tables.Column('comment', verbose_name=_('Comment'))

    class Meta:
        name = 'silences'
        verbose_name = _('Silences')
        table_actions = (CreateSilence, ExpireSilence)
        row_actions = (ExpireSilence,)

    def get_object_display(self, datum) -> str:
        return datum.matcher_text


class RulesTable(tables.DataTable):
    group = tables.Column('group', verbose_name=_('Group'))
    name = tables.Column('name', verbose_name=_('Rule'))
    kind = tables.Column('kind', verbose_name=_('Type'))
    severity = tables.Column('severity', verbose_name=_('Severity'))
    state = tables.Column('state', verbose_name=_('State'), display_choices=RULE_STATE_DISPLAY)
    health = tables.Column('health', verbose_name=_('Health'), display_choices=HEALTH_DISPLAY)
    last_error = tables.Column('last_error', verbose_name=_('Last error'))
    duration = tables.Column('duration', verbose_name=_('For (s)'))
    query = tables.Column('query', verbose_name=_('Expression'), truncate=120)

    class Meta:
        name = 'rules'
        verbose_name = _('Rules')
