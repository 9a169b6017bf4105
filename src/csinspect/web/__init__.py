"""The csinspect web application and HTTP API (FastAPI, Jinja2, GOV.UK Frontend)."""

from csinspect.web.app import create_app

__all__ = ["create_app"]
