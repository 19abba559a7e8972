"""One tab base for every Operations section whose backends may fail."""
from __future__ import annotations

from horizon import tabs

from gencloud_ops_panel.api.base import Failure


class SectionTab(tabs.TableTab):
    """A tab that lists what failed above what did load, never a 500.

    Its template includes gencloud_ops_panel/_failures.html, which shows
    `failures` (and `not_configured` setting names, if the tab gives any).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.failures: list[Failure] = []

    def fail(self, reason) -> None:
        """The section's backend failed: show REASON (an error or a message)."""
        self.failures.append(Failure(str(reason)))

    def get_failures(self) -> list[Failure]:
        """Called when the template renders, so a tab can still be waiting until then."""
        return self.failures

    def get_context_data(self, request, **kwargs):
        context = super().get_context_data(request, **kwargs)
        context['failures'] = self.get_failures
        return context
