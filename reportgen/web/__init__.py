"""The local web workbench (``reportgen serve``): pages over a working folder that call the pipeline.

``app.create_app`` builds the ASGI app; ``access`` decides what a request may do and see;
``routes`` holds one module per page; templates and static files ship beside them.
"""
from reportgen.web.app import create_app
from reportgen.web.settings import Settings

__all__ = ["Settings", "create_app"]
