PANEL = 'gencloud_alerts'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'gencloud_ops'

ADD_PANEL = 'gencloud_ops_panel.dashboards.alerts.panel.Alerts'

# Number of firing alerts of the top severity in the page header. Horizon
# loads header sections with a separate request after the page, so a slow
# Alertmanager never delays a page.
ADD_HEADER_SECTIONS = ['gencloud_ops_panel.dashboards.alerts.badge.AlertsBadgeView']
