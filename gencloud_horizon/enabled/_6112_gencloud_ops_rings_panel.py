PANEL = 'gencloud_rings'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'gencloud_ops'

ADD_PANEL = 'gencloud_ops_panel.dashboards.rings.panel.Rings'
