"""Header badge: firing alerts of the top severity, for admins, on every page.

Horizon renders ADD_HEADER_SECTIONS in a separate ajax request after the page
(GET /header/), so the page itself never waits. The count is cached in
Django's cache (memcached, shared by every Horizon process); a failed lookup
is cached too, so a dead Alertmanager costs one short timeout per cache period.
"""
from __future__ import annotations

from django.core.cache import cache
from django.views.generic import TemplateView

from gencloud_ops_panel import conf
from gencloud_ops_panel.api import alerts as alerts_api

CACHE_KEY = 'gencloud_alerts_badge'
ADMIN = ('openstack.roles.admin',)


def cached_count() -> dict:
    badge = cache.get(CACHE_KEY)
    if badge is None:
        badge = alerts_api.top_severity_count()
        cache.set(CACHE_KEY, badge, conf.get().badge_cache_seconds)
    return badge


class AlertsBadgeView(TemplateView):
    template_name = 'gencloud_ops_panel/alerts/_badge.html'

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if conf.get().alertmanager_urls and user.is_authenticated and user.has_perms(ADMIN):
            context['badge'] = cached_count()
        return context
