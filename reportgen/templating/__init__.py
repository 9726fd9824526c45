"""Templating: the Jinja2 environment, filters and the registry of report kinds."""
