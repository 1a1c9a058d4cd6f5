"""Production: PostgreSQL through DATABASE_URL, a real secret, no debug."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["ZHIXING_SECRET_KEY"]
SESSION_COOKIE_SECURE = os.environ.get("ZHIXING_HTTPS", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
WHITENOISE_AUTOREFRESH = False
# Never answer a court's inquiry with simulated property in production.
ZHIXING_PARTNER_DEFAULT = "unconfigured"
