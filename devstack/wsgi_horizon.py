"""Horizon's WSGI app plus its static files, for gunicorn.

Production Horizon serves static files from Apache; the local stack lets
Django's StaticFilesHandler do it so no collectstatic step is needed.
"""
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application

application = StaticFilesHandler(get_wsgi_application())
