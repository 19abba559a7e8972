"""Sphinx configuration of the GenCloud Horizon extensions documentation.

Build: ``tox -e docs`` or, in the checkout's venv,
``sphinx-build -W --keep-going -b html doc/source doc/build/html``
(``./dev test`` runs the same). It needs no network.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, '_ext'))
sys.path.insert(0, ROOT)

project = 'GenCloud Horizon extensions'
copyright = '2026, GenCloud'
author = 'GenCloud'

extensions = [
    'gencloud_settings',   # _ext/: configuration reference checked against conf.py
    'reno.sphinxext',      # release notes page
]

try:  # the OpenStack theme when installed (pip install -e .[docs]), else a stock one
    import openstackdocstheme  # noqa: F401
except ImportError:
    html_theme = 'alabaster'
else:
    extensions.append('openstackdocstheme')
    html_theme = 'openstackdocs'
    # Not an OpenStack project hosted on opendev: no name/version guessing from
    # setup.cfg metadata, no links to the opendev repository or bug tracker.
    openstackdocs_auto_name = False
    openstackdocs_auto_version = False
    openstackdocs_repo_name = 'gencloud/gencloud-horizon'
    openstackdocs_use_storyboard = False
    openstackdocs_bug_project = ''
    html_theme_options = {'display_global_toc_section': True}

version = release = ''
master_doc = 'index'
exclude_patterns = ['_ext']
pygments_style = 'native'
html_static_path = []
html_title = project
nitpicky = False
