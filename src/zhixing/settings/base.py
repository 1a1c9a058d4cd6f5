"""Settings shared by every environment. DATABASE_URL picks SQLite (default) or PostgreSQL."""

import os
from pathlib import Path

import dj_database_url

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("ZHIXING_HOME", SRC_DIR.parent.parent))
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

SECRET_KEY = os.environ.get("ZHIXING_SECRET_KEY", "dev-only-not-secret-zhixing")
DEBUG = os.environ.get("ZHIXING_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("ZHIXING_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs from its own static files, not a CDN
    "zhixing.core",
    "zhixing.organization",
    "zhixing.cases",
    "zhixing.measures",
    "zhixing.closure",
    "zhixing.review",
    "zhixing.linkage",
    "zhixing.credit",
    "zhixing.portal",
    "zhixing.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhixing.core.middleware.RequestIdMiddleware",
]

ROOT_URLCONF = "zhixing.urls"
WSGI_APPLICATION = "zhixing.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhixing.organization.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'zhixing.sqlite3'}",
        conn_max_age=int(os.environ.get("ZHIXING_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers wait for each other instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "static"]
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# 法定期间: days before a due date at which a deadline shows as due soon.
ZHIXING_DUE_SOON_DAYS = int(os.environ.get("ZHIXING_DUE_SOON_DAYS", "3"))
# 执行监督卡 / 举报电话 printed on notices (seed 四).
ZHIXING_HOTLINE = os.environ.get("ZHIXING_HOTLINE", "12368")

# 法发〔2006〕35号 第1条 extension: the longest a president may approve at once (months). The 2000
# 审限规定 第5条 gives 3 months (secondary source), so it is a setting.
ZHIXING_MAX_EXTENSION_MONTHS = int(os.environ.get("ZHIXING_MAX_EXTENSION_MONTHS", "3"))
# 分段集约: stages that must be held by different people.
ZHIXING_SEPARATED_STAGES = tuple(
    s
    for s in os.environ.get("ZHIXING_SEPARATED_STAGES", "inquiry_control,disposal,payout").split(
        ","
    )
    if s
)
# Party notifications: the channel adapter ("console", "email", or a dotted path to a class).
ZHIXING_NOTIFICATION_CHANNEL = os.environ.get("ZHIXING_NOTIFICATION_CHANNEL", "console")
ZHIXING_NOTIFICATION_MAX_ATTEMPTS = 8
EMAIL_BACKEND = os.environ.get(
    "ZHIXING_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# 报告财产令: the period the court states for the respondent's report (days).
ZHIXING_PROPERTY_REPORT_DAYS = int(os.environ.get("ZHIXING_PROPERTY_REPORT_DAYS", "5"))
# Control measures ending within this many days appear on the expiry warning list (续行 is due
# before expiry, 民诉法解释 第485条); a court's own practice, so a setting.
ZHIXING_CONTROL_WARN_DAYS = int(os.environ.get("ZHIXING_CONTROL_WARN_DAYS", "15"))
# 变卖 after a failed second online auction: the lowest sale price as a share of that round's start
# price. The SPC's 2017 notice is read as "the second round's start price" (UNVERIFIED), so a setting.
ZHIXING_DISPOSAL_SALE_FLOOR_RATIO = os.environ.get("ZHIXING_DISPOSAL_SALE_FLOOR_RATIO", "1.00")
# 联动单位: the adapter for departments without a registered one. "simulated" answers with invented
# property (development, demo, tests); production sets "unconfigured" (prod.py).
ZHIXING_PARTNER_DEFAULT = os.environ.get("ZHIXING_PARTNER_DEFAULT", "simulated")

# 执行公开 (portal): public queries and feedback messages per client address per minute. Counted in
# the default cache: LocMemCache counts per process, so production configures a shared CACHES
# backend (Redis or the database cache). ZHIXING_TRUSTED_PROXY=1 only behind a proxy that appends
# the caller's address to X-Forwarded-For (otherwise REMOTE_ADDR is the client).
ZHIXING_PUBLIC_QUERY_RATE = int(os.environ.get("ZHIXING_PUBLIC_QUERY_RATE", "30"))
ZHIXING_PUBLIC_FEEDBACK_RATE = int(os.environ.get("ZHIXING_PUBLIC_FEEDBACK_RATE", "5"))
ZHIXING_TRUSTED_PROXY = os.environ.get("ZHIXING_TRUSTED_PROXY", "0") == "1"
