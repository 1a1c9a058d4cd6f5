"""Test settings: fast hashing; DATABASE_URL still chooses SQLite or PostgreSQL."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
DEBUG = False
