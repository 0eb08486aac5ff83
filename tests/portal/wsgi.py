"""WSGI entry point for serving the test CKAN with gunicorn: `wsgi:application`.

The config file comes from $CKAN_INI (tests/portal/ckan.sh sets it)."""
import os

from ckan.cli import load_config
from ckan.config.middleware import make_app

application = make_app(load_config(os.environ["CKAN_INI"]))
