"""Release notes (reno): sphinx-build -W -b html releasenotes/source releasenotes/build/html."""
project = 'GenCloud Horizon extensions release notes'
copyright = '2026, GenCloud'
extensions = ['reno.sphinxext']
try:
    import openstackdocstheme  # noqa: F401
except ImportError:
    html_theme = 'alabaster'
else:
    extensions.append('openstackdocstheme')
    html_theme = 'openstackdocs'
    openstackdocs_auto_name = False
    openstackdocs_auto_version = False
    openstackdocs_repo_name = 'gencloud/gencloud-horizon'
version = release = ''
master_doc = 'index'
