"""What several test suites share: a real gunicorn, an app over a built index.

Imported as ``tests.support`` (the repository root is on ``sys.path``, see ``pythonpath``
in pyproject.toml).
"""
