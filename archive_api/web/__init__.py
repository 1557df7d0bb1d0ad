"""Pages for people: a search page and a reading view, rendered on the server.

HTML only, no part of the JSON contract; templates and styles live beside the API
reference's in ``templates/`` and ``static/`` (files named ``web_*`` and ``web.*``).
"""

from __future__ import annotations

from archive_api.web.routes import make_blueprint

__all__ = ["make_blueprint"]
