"""Pure alert logic: parse Prometheus/Alertmanager answers, merge, sort, then
filter, group and page them (`alert_page`); silences and rules.

No I/O here: api/alerts.py fetches, the Alerts tab renders, everything in
between is plain data so it can be unit tested and measured.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

PENDING, FIRING, SILENCED, INHIBITED = 'pending', 'firing', 'silenced', 'inhibited'
STATES = (FIRING, PENDING, SILENCED, INHIBITED)
KEY_LABELS = ('instance', 'tenant', 'service', 'hostname')
INSTANCE, HYPERVISOR, PROJECT = 'instance', 'hypervisor', 'project'
LINKED_LABELS = {'instance': INSTANCE, 'instance_id': INSTANCE, 'uuid': INSTANCE,
                 'hostname': HYPERVISOR, 'host': HYPERVISOR,
                 'project_id': PROJECT, 'tenant_id': PROJECT}
_UUID = re.compile(r'[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}', re.I)

_FNV_OFFSET, _FNV_PRIME, _MASK = 0xcbf29ce484222325, 0x100000001b3, (1 << 64) - 1
_TIME = re.compile(r'^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$')


@dataclass
class Alert:
    """One alert as the panel shows it, whichever source it came from."""
    fingerprint: str
    labels: dict[str, str]
    annotations: dict[str, str]
    state: str
    starts_at: datetime | None
    silenced_by: list[str] = field(default_factory=list)
    inhibited_by: list[str] = field(default_factory=list)
    links: dict[str, ResourceLink] = field(default_factory=dict)
    history: Timeline | None = None     # set for the rows shown, from Prometheus' ALERTS

    @property
    def id(self) -> str:
        return self.fingerprint

    @property
    def name(self) -> str:
        return self.labels.get('alertname', '')

    @property
    def severity(self) -> str:
        return self.labels.get('severity', '')

    @property
    def summary(self) -> str:
        return self.annotations.get('summary', '')

    @property
    def description(self) -> str:
        return self.annotations.get('description', '')

    @property
    def key_labels(self) -> dict[str, str]:
        """The labels shown in the table: KEY_LABELS, then any label that links."""
        shown = [*KEY_LABELS, *(k for k in LINKED_LABELS if k not in KEY_LABELS)]
        return {k: self.labels[k] for k in shown if self.labels.get(k)}


@dataclass(frozen=True)
class ResourceLink:
    """An OpenStack resource a label names: KIND (instance, hypervisor, project) and the
    id its Horizon page takes (for a hypervisor Horizon's `<id>_<hostname>`)."""
    kind: str
    target: str


def resource_links(labels: dict[str, str],
                   hypervisors: dict[str, str]) -> dict[str, ResourceLink]:
    """Label name -> the resource it names, only when the value fits: UUID-shaped
    for instances and projects, a host Nova knows (HYPERVISORS: hostname -> Horizon's
    hypervisor id; a short name matches a known FQDN) for hosts."""
    short = {name.split('.', 1)[0]: key for name, key in hypervisors.items()}
    links = {}
    for name, kind in LINKED_LABELS.items():
        value = labels.get(name, '').strip()
        if not value:
            continue
        if kind == HYPERVISOR:
            target = hypervisors.get(value) or short.get(value.split('.', 1)[0])
        else:
            target = value.lower() if _UUID.fullmatch(value) else None
        if target:
            links[name] = ResourceLink(kind, target)
    return links


def hypervisor_keys(hypervisors: Iterable[dict]) -> dict[str, str]:
    """Nova GET /os-hypervisors -> {hypervisor_hostname: '<id>_<hostname>'} (the id
    Horizon's Admin > Compute > Hypervisors detail page takes)."""
    return {str(h['hypervisor_hostname']): f"{h['id']}_{h['hypervisor_hostname']}"
            for h in hypervisors if h.get('hypervisor_hostname')}


@dataclass
class Rule:
    group: str
    name: str
    kind: str
    query: str
    state: str
    health: str
    last_error: str
    duration: float
    severity: str
    active: int

    @property
    def id(self) -> str:
        return fingerprint({'group': self.group, 'name': self.name, 'query': self.query,
                            'severity': self.severity})


def parse_time(value: str | None) -> datetime | None:
    """RFC 3339 as both APIs write it (up to 9 fractional digits, 'Z')."""
    match = _TIME.match(value or '')
    if not match:
        return None
    seconds, fraction, zone = match.groups()
    fraction = (fraction or '.0')[:7]
    zone = '+00:00' if zone in (None, 'Z') else zone
    return datetime.fromisoformat(seconds + fraction + zone)


def fingerprint(labels: dict[str, str]) -> str:
    """Alertmanager's fingerprint of a label set (FNV-1a 64 over sorted labels)."""
    digest = _FNV_OFFSET
    for name in sorted(labels):
        for part in (name, labels[name]):
            for byte in part.encode():
                digest = ((digest ^ byte) * _FNV_PRIME) & _MASK
            digest = ((digest ^ 0xff) * _FNV_PRIME) & _MASK
    return f'{digest:016x}'


def _strings(mapping) -> dict[str, str]:
    if not isinstance(mapping, dict):
        raise ValueError('labels/annotations are not an object')
    return {str(k): str(v) for k, v in mapping.items()}


def parse_prometheus_alerts(payload: dict) -> list[Alert]:
    """Prometheus GET /api/v1/alerts -> alerts (pending and firing)."""
    if not isinstance(payload, dict) or payload.get('status') != 'success':
        raise ValueError('not a successful Prometheus answer')
    alerts = []
    for item in payload['data']['alerts']:
        labels = _strings(item['labels'])
        alerts.append(Alert(fingerprint(labels), labels, _strings(item.get('annotations', {})),
                            PENDING if item['state'] == 'pending' else FIRING,
                            parse_time(item.get('activeAt'))))
    return alerts


def parse_alertmanager_alerts(payload: list) -> list[Alert]:
    """Alertmanager GET /api/v2/alerts -> firing, silenced and inhibited alerts."""
    if not isinstance(payload, list):
        raise ValueError('not a list of alerts')
    alerts = []
    for item in payload:
        status = item['status']
        silenced_by = list(status.get('silencedBy') or [])
        inhibited_by = list(status.get('inhibitedBy') or [])
        if status['state'] != 'suppressed':
            state = FIRING
        else:
            state = SILENCED if silenced_by else INHIBITED
        alerts.append(Alert(str(item['fingerprint']), _strings(item['labels']),
                            _strings(item.get('annotations', {})), state,
                            parse_time(item.get('startsAt')), silenced_by, inhibited_by))
    return alerts


def merge(prometheus: Iterable[Alert], alertmanager: Iterable[Alert],
          alertmanager_ok: bool = True) -> list[Alert]:
    """One list: Alertmanager's alerts (HA pairs de-duplicated by fingerprint, an
    active copy winning over a suppressed one) plus Prometheus' pending alerts.

    Prometheus' firing alerts are only shown when no Alertmanager answered,
    so a dead Alertmanager does not hide what is firing.
    """
    merged: dict[str, Alert] = {}
    for alert in alertmanager:
        known = merged.get(alert.fingerprint)
        if known is None or (known.state != FIRING and alert.state == FIRING):
            merged[alert.fingerprint] = alert
    for alert in prometheus:
        if alert.fingerprint in merged:
            continue
        if alert.state == PENDING or not alertmanager_ok:
            merged[alert.fingerprint] = alert
    return list(merged.values())


def severity_rank(severity: str, order: Sequence[str]) -> tuple[int, str]:
    """Position in ORDER (case-insensitive); unknown after known, missing last."""
    lowered = [s.lower() for s in order]
    if severity.lower() in lowered:
        return lowered.index(severity.lower()), ''
    return (len(order), severity) if severity else (len(order) + 1, '')


def sort_alerts(alerts: Iterable[Alert], order: Sequence[str]) -> list[Alert]:
    """Most severe first; within a severity the newest first."""
    epoch = datetime.min.replace(tzinfo=timezone.utc)
    by_age = sorted(alerts, key=lambda a: a.starts_at or epoch, reverse=True)
    ranks: dict[str, tuple[int, str]] = {}
    for alert in by_age:
        if alert.severity not in ranks:
            ranks[alert.severity] = severity_rank(alert.severity, order)
    return sorted(by_age, key=lambda a: ranks[a.severity])


@dataclass(frozen=True)
class LabelFilter:
    """`name=value` (exact), `name!=value`, `name=~regex`, or bare text (any label value)."""
    name: str
    value: str
    op: str

    def matches(self, labels: dict[str, str]) -> bool:
        if not self.name:
            return any(self.value.lower() in v.lower() for v in labels.values())
        actual = labels.get(self.name, '')
        if self.op == '=~':
            return re.fullmatch(self.value, actual) is not None
        return (actual == self.value) == (self.op == '=')


_MATCHER = re.compile(r'^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$')


def parse_label_filter(text: str) -> LabelFilter | None:
    """Raises ValueError on a bad regular expression."""
    text = text.strip()
    if not text:
        return None
    match = _MATCHER.match(text)
    if not match or match.group(2) == '!~':
        return LabelFilter('', text, '')
    name, op, value = match.groups()
    if op == '=~':
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(text) from exc
    return LabelFilter(name, value, op)


def filter_alerts(alerts: Iterable[Alert], states: Sequence[str] = (),
                  severities: Sequence[str] = (),
                  label: LabelFilter | None = None) -> list[Alert]:
    wanted_severities = {s.lower() for s in severities}
    return [a for a in alerts
            if (not states or a.state in states)
            and (not wanted_severities or a.severity.lower() in wanted_severities)
            and (label is None or label.matches(a.labels))]


@dataclass
class Group:
    key: str
    alerts: list[Alert]

    @property
    def counts(self) -> dict[str, int]:
        """Alerts per state, for the group summary."""
        counts = dict.fromkeys(STATES, 0)
        for alert in self.alerts:
            counts[alert.state] += 1
        return counts


def group_alerts(alerts: Sequence[Alert], by: str) -> list[Group]:
    """Groups in the order of their first (most severe) alert; ALERTS already sorted."""
    groups: dict[str, Group] = {}
    for alert in alerts:
        key = alert.labels.get(by, '')
        groups.setdefault(key, Group(key, [])).alerts.append(alert)
    return list(groups.values())


@dataclass(frozen=True)
class AlertQuery:
    """What the admin asked the Alerts tab for (already validated)."""
    states: Sequence[str] = ()
    severities: Sequence[str] = ()
    label: LabelFilter | None = None
    group_by: str = ''
    page: int = 1
    page_size: int = 20


@dataclass
class AlertPage:
    """One page of the filtered (and grouped) alerts."""
    alerts: list[Alert]
    groups: list[Group]
    total: int
    page: int
    pages: int
    first: int          # 1-based position of the page's first alert; 0 when none
    last: int


def severity_choices(alerts: Iterable[Alert], order: Sequence[str]) -> list[str]:
    """ORDER, then any other severity present in ALERTS (sorted)."""
    present = {a.severity for a in alerts if a.severity}
    return list(order) + sorted(present - set(order))


def alert_page(alerts: Sequence[Alert], query: AlertQuery) -> AlertPage:
    """Filter sorted ALERTS, group them (a group's alerts together, groups in the
    order of their first alert), then cut QUERY.page (clamped to the last page)."""
    shown = filter_alerts(alerts, query.states, query.severities, query.label)
    groups = group_alerts(shown, query.group_by) if query.group_by else []
    if groups:
        shown = [alert for group in groups for alert in group.alerts]
    size = max(1, query.page_size)
    pages = max(1, -(-len(shown) // size))
    page = min(max(1, query.page), pages)
    return AlertPage(alerts=shown[(page - 1) * size:page * size], groups=groups,
                     total=len(shown), page=page, pages=pages,
                     first=(page - 1) * size + 1 if shown else 0,
                     last=min(page * size, len(shown)))


def count_top_severity_firing(alerts: Iterable[Alert], order: Sequence[str]) -> int:
    """What the header badge shows: firing alerts of the first severity in ORDER."""
    top = order[0].lower() if order else 'critical'
    seen = {a.fingerprint for a in alerts if a.state == FIRING and a.severity.lower() == top}
    return len(seen)


def parse_rules(payload: dict) -> list[Rule]:
    """Prometheus GET /api/v1/rules -> every rule with its state and health."""
    if not isinstance(payload, dict) or payload.get('status') != 'success':
        raise ValueError('not a successful Prometheus answer')
    rules = []
    for group in payload['data']['groups']:
        for item in group['rules']:
            rules.append(Rule(
                group=str(group['name']), name=str(item['name']), kind=str(item['type']),
                query=str(item['query']), state=str(item.get('state', '')),
                health=str(item.get('health', '')), last_error=str(item.get('lastError', '')),
                duration=float(item.get('duration', 0)),
                severity=str((item.get('labels') or {}).get('severity', '')),
                active=len(item.get('alerts') or [])))
    return rules


def merge_rules(rule_lists: Iterable[list[Rule]]) -> list[Rule]:
    """Rules of several Prometheus servers, the same rule listed once."""
    merged: dict[str, Rule] = {}
    for rules in rule_lists:
        for rule in rules:
            merged.setdefault(rule.id, rule)
    return list(merged.values())


# --- silences ---------------------------------------------------------------

def parse_matchers(text: str) -> list[dict]:
    """One matcher per line (`name=value`, `!=`, `=~`, `!~`) -> Alertmanager matchers.

    Raises ValueError naming the first bad line.
    """
    matchers = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _MATCHER.match(line)
        if not match:
            raise ValueError(line.strip())
        name, op, value = match.groups()
        if '~' in op:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(line.strip()) from exc
        matchers.append({'name': name, 'value': value, 'isRegex': '~' in op,
                         'isEqual': not op.startswith('!')})
    return matchers


def shared_labels(label_sets: Iterable[dict[str, str]]) -> dict[str, str]:
    """The name=value pairs every one of LABEL_SETS has (empty when none is given)."""
    sets = [set(labels.items()) for labels in label_sets]
    return dict(sorted(set.intersection(*sets))) if sets else {}


def format_matchers(matchers: Iterable[dict]) -> str:
    ops = {(False, True): '=', (False, False): '!=', (True, True): '=~', (True, False): '!~'}
    return ', '.join(f'{m["name"]}{ops[bool(m.get("isRegex")), m.get("isEqual", True)]}'
                     f'"{m["value"]}"' for m in matchers)


_DURATION = re.compile(r'(\d+)\s*([dhm])')


def parse_duration(text: str) -> timedelta:
    """'2h', '1d12h', '90m' -> timedelta; ValueError if empty, zero or malformed."""
    compact = re.sub(r'\s+', '', text.lower())
    if not compact or _DURATION.sub('', compact):
        raise ValueError(text)
    unit = {'d': 'days', 'h': 'hours', 'm': 'minutes'}
    total = sum((timedelta(**{unit[u]: int(n)}) for n, u in _DURATION.findall(compact)),
                timedelta())
    if total <= timedelta():
        raise ValueError(text)
    return total


def silence_payload(matchers: list[dict], starts_at: datetime, ends_at: datetime,
                    created_by: str, comment: str) -> dict:
    if not matchers:
        raise ValueError('at least one matcher is required')
    if ends_at <= starts_at:
        raise ValueError('the silence must end after it starts')
    return {'matchers': matchers, 'startsAt': _rfc3339(starts_at),
            'endsAt': _rfc3339(ends_at), 'createdBy': created_by, 'comment': comment}


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')


@dataclass
class Silence:
    id: str
    matchers: list[dict]
    starts_at: datetime | None
    ends_at: datetime | None
    created_by: str
    comment: str
    state: str

    @property
    def matcher_text(self) -> str:
        return format_matchers(self.matchers)


def parse_silences(payload: list) -> list[Silence]:
    """Alertmanager GET /api/v2/silences -> active and pending silences."""
    if not isinstance(payload, list):
        raise ValueError('not a list of silences')
    return [Silence(str(s['id']), list(s['matchers']), parse_time(s.get('startsAt')),
                    parse_time(s.get('endsAt')), str(s.get('createdBy', '')),
                    str(s.get('comment', '')), str(s['status']['state']))
            for s in payload if s['status']['state'] != 'expired']


def merge_silences(silence_lists: Iterable[list[Silence]]) -> list[Silence]:
    """Silences of several Alertmanagers by id, ending soonest first."""
    merged: dict[str, Silence] = {}
    for silences in silence_lists:
        for silence in silences:
            merged.setdefault(silence.id, silence)
    far = datetime.max.replace(tzinfo=timezone.utc)
    return sorted(merged.values(), key=lambda s: s.ends_at or far)


# --- history (Prometheus' ALERTS series) ------------------------------------

HISTORY_HOURS = 24
HISTORY_STEP = 300          # seconds: 288 samples a series over 24 h


@dataclass(frozen=True)
class Span:
    """A run of one state on a timeline, as fractions (0..1) of its window."""
    state: str
    start: float
    end: float


@dataclass(frozen=True)
class Timeline:
    """One alert's (or alert name's) states over the window START..END."""
    start: datetime
    end: datetime
    spans: tuple[Span, ...]

    def at(self, fraction: float) -> datetime:
        return self.start + (self.end - self.start) * fraction

    @property
    def firing_share(self) -> float:
        return sum(s.end - s.start for s in self.spans if s.state == FIRING)


@dataclass
class History:
    """Firing/pending over the last HISTORY_HOURS, per alert (fingerprint) and per name."""
    by_alert: dict[str, Timeline] = field(default_factory=dict)
    by_name: dict[str, Timeline] = field(default_factory=dict)


def history_window(now: datetime) -> tuple[float, float]:
    """(start, end) Unix seconds of the last HISTORY_HOURS, aligned to HISTORY_STEP so
    successive pages ask Prometheus the same buckets."""
    end = now.timestamp() // HISTORY_STEP * HISTORY_STEP + HISTORY_STEP
    return end - HISTORY_HOURS * 3600, end


def _spans(buckets: dict[int, str], count: int) -> tuple[Span, ...]:
    spans: list[Span] = []
    for index in sorted(buckets):
        state = buckets[index]
        if spans and spans[-1].state == state and round(spans[-1].end * count) == index:
            spans[-1] = Span(state, spans[-1].start, (index + 1) / count)
        else:
            spans.append(Span(state, index / count, (index + 1) / count))
    return tuple(spans)


def parse_history(payload: dict, start: float, end: float,
                  step: float = HISTORY_STEP) -> History:
    """Prometheus query_range answer for `ALERTS` -> History over START..END.

    A series' labels minus `__name__` and `alertstate` are the alert's labels, so
    its fingerprint matches the alert's row. Firing wins over pending in a bucket.
    """
    if not isinstance(payload, dict) or payload.get('status') != 'success':
        raise ValueError('not a successful Prometheus answer')
    count = max(1, round((end - start) / step))
    per_alert: dict[str, dict[int, str]] = {}
    per_name: dict[str, dict[int, str]] = {}
    for series in payload['data']['result']:
        labels = {k: v for k, v in _strings(series['metric']).items()
                  if k not in ('__name__', 'alertstate')}
        state = FIRING if series['metric'].get('alertstate') == FIRING else PENDING
        for target in (per_alert.setdefault(fingerprint(labels), {}),
                       per_name.setdefault(labels.get('alertname', ''), {})):
            for moment, _value in series['values']:
                index = min(count - 1, max(0, int((float(moment) - start) // step)))
                if target.get(index) != FIRING:
                    target[index] = state
    window = (datetime.fromtimestamp(start, timezone.utc),
              datetime.fromtimestamp(end, timezone.utc))
    return History({fp: Timeline(*window, _spans(b, count)) for fp, b in per_alert.items()},
                   {name: Timeline(*window, _spans(b, count)) for name, b in per_name.items()})


def merge_histories(histories: Sequence[History]) -> History | None:
    """Several Prometheus servers' histories (an HA pair sees the same alerts): each
    alert and name from the first server that has it; None when none answered."""
    if not histories:
        return None
    merged = History()
    for history in histories:
        for fp, timeline in history.by_alert.items():
            merged.by_alert.setdefault(fp, timeline)
        for name, timeline in history.by_name.items():
            merged.by_name.setdefault(name, timeline)
    return merged
