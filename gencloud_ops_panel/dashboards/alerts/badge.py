"""Header badge: firing alerts of the top severity, for admins, on every page.

Horizon renders ADD_HEADER_SECTIONS in a separate ajax request after the page
(GET /header/), so the page itself never waits. The count is cached in
Django's cache (memcached, shared by every Horizon process); a failed lookup
is cached too, so a dead Alertmanager costs one short timeout per cache period.
"""
from __future__ import annotations

from django.core.cache import cache
from django.views.generic import TemplateView

from gencloud_ops_panel import alerting
from gencloud_ops_panel.api import alertmanager, http
from gencloud_ops_panel.dashboards.alerts import sources

CACHE_KEY = 'gencloud_alerts_badge'
ADMIN = ('openstack.roles.admin',)


def top_severity_count(request) -> dict:
    """{'count': n, 'severity': s, 'failed': [urls]} from every Alertmanager."""
    order = sources.severity_order()
    top = order[0] if order else 'critical'
    timeout = float(http.setting('GENCLOUD_ALERTS_BADGE_TIMEOUT', 1))
    params = {'active': 'true', 'silenced': 'false', 'inhibited': 'false',
              'filter': f'severity="{top}"'}
    results, failures = sources.fan_out({
        ('Alertmanager', url): (lambda url=url: alertmanager.list_alerts(
            request, url, timeout=timeout, params=params))
        for url in alertmanager.urls()})
    alerts = [a for found in results.values() for a in found]
    return {'count': alerting.count_top_severity_firing(alerts, [top]), 'severity': top,
            'failed': [f.url for f in failures]}


def cached_count(request) -> dict:
    badge = cache.get(CACHE_KEY)
    if badge is None:
        badge = top_severity_count(request)
        cache.set(CACHE_KEY, badge, int(http.setting('GENCLOUD_ALERTS_BADGE_CACHE_SECONDS', 30)))
    return badge


class AlertsBadgeView(TemplateView):
    template_name = 'gencloud_ops_panel/alerts/_badge.html'

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if alertmanager.urls() and user.is_authenticated and user.has_perms(ADMIN):
            context['badge'] = cached_count(self.request)
        return context
