"""Accounts, sign-in, sessions and the second factor."""

from outreach.auth import twofactor_views, views  # noqa: F401  - registers the routes
from outreach.auth.blueprint import bp

__all__ = ["bp"]
