"""The WSGI application: ``gunicorn -c gunicorn.conf.py app:app``, ``flask --app app …``."""

import gc

from outreach import create_app

app = create_app()

# What is loaded by now (modules, the app, its templates' code) lives as long as the process.
# Frozen, it is left out of the garbage collector's full passes, which would otherwise walk all
# of it again during requests that allocate many objects (a dashboard, a report).
gc.collect()
gc.freeze()
