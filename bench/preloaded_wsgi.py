"""The project's WSGI application with its URLconf imported up front, for `gunicorn --preload` in
bench/step_load.py: the workers fork with every view already imported, so that the first request of each
(on a busy machine, many seconds of imports) is not counted as a page, nor times the worker out."""

from django.urls import get_resolver

from nestling.wsgi import application

get_resolver().url_patterns  # noqa: B018 (imports every app's views)

__all__ = ["application"]
