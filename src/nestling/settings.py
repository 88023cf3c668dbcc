"""The one settings module. Every value comes from the environment (or a `.env` file) and a bad value
stops start-up with a message naming the variable, rather than running with a surprising default.

NESTLING_ENV picks the posture: `development` (the default, used by `make run`), `test`, or `production`
(secure cookies, HSTS, HTTPS redirect, a real SECRET_KEY required).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent

env = environ.Env()
_dotenv = BASE_DIR / ".env"
if _dotenv.is_file():
    env.read_env(str(_dotenv))

ENVIRONMENTS = ("development", "test", "production")
NESTLING_ENV = env.str("NESTLING_ENV", default="development")
if NESTLING_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(f"NESTLING_ENV must be one of {', '.join(ENVIRONMENTS)}, not {NESTLING_ENV!r}")
PRODUCTION = NESTLING_ENV == "production"


def _positive_int(name: str, default: int) -> int:
    try:
        value = env.int(name, default=default)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number") from error
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be greater than zero, not {value}")
    return value


DEBUG = env.bool("NESTLING_DEBUG", default=NESTLING_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("NESTLING_DEBUG cannot be on in production")

_DEV_SECRET = "development-only-secret-key-never-used-in-production-0123456789abcdef"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production"
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) Nestling is served on in production")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Where the embedded database and other local state live; kept out of the source tree's packages.
DATA_DIR = Path(env.str("NESTLING_DATA_DIR", default=str(BASE_DIR / "var")))

# The audit trail's HMAC key. It is never stored in the database, so someone who can write the database
# still cannot recompute the chains. Outside production it is derived from SECRET_KEY.
AUDIT_KEY = env.str("NESTLING_AUDIT_KEY", default="")
if AUDIT_KEY and len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("NESTLING_AUDIT_KEY must be at least 32 characters")
if PRODUCTION and (not AUDIT_KEY or AUDIT_KEY == SECRET_KEY):
    raise ImproperlyConfigured(
        "NESTLING_AUDIT_KEY must be set to a random value of at least 32 characters, "
        "not SECRET_KEY, in production"
    )
AUDIT_KEY = AUDIT_KEY or hmac.new(SECRET_KEY.encode(), b"nestling audit key", hashlib.sha256).hexdigest()
# Signed checkpoints of every audit chain; keep the file (or a copy of each line) where the database's
# users cannot write.
AUDIT_ANCHOR_FILE = Path(env.str("NESTLING_AUDIT_ANCHOR_FILE", default=str(DATA_DIR / "audit-anchors.jsonl")))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "oauth2_provider",
    "nestling.organizations",
    "nestling.accounts",
    "nestling.audit",
    "nestling.records",
    "nestling.access",
    "nestling.workforce",
    "nestling.staffing",
    "nestling.families",
    "nestling.tasks",
    "nestling.screening",
    "nestling.growth",
    "nestling.plans",
    "nestling.formulation",
    "nestling.visits",
    "nestling.referrals",
    "nestling.pathways",
    "nestling.worklist",
    "nestling.reports",
    "nestling.portal",
    "nestling.api",
    "nestling.fhir",
    "nestling.demo",
    "nestling.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The policy headers wrap everything inside, so a redirect or refusal from any middleware carries them.
    "csp.middleware.CSPMiddleware",
    "nestling.accounts.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nestling.operations.routing.PinAfterWriteMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "nestling.portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nestling.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "nestling.accounts.middleware.SessionLifetimeMiddleware",
    "nestling.portal.middleware.PortalBoundaryMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "nestling.accounts.middleware.RequireMfaMiddleware",
    "nestling.access.middleware.AuditDenialsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nestling.urls"
WSGI_APPLICATION = "nestling.wsgi.application"
ASGI_APPLICATION = "nestling.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nestling.accounts.context_processors.navigation",
                "nestling.screening.context_processors.urgent_alerts",
                "nestling.portal.context_processors.portal_navigation",
            ],
        },
    },
]

# SQLite (WAL) is the embedded default; DATABASE_URL switches to PostgreSQL.
_sqlite_path = DATA_DIR / "nestling.sqlite3"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{_sqlite_path}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
            # writers queue for the busy timeout instead of failing with "database is locked" mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if NESTLING_ENV == "test":
        # The audit tables refuse TRUNCATE unless the session allows it; the test runner's flush between
        # transactional tests must empty every table.
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c nestling.audit_allow_truncate=on".strip()
# A streaming replica for reads, when there is one (docs/scaling.md): writes and the reads of a request
# that wrote go to the primary; a session that wrote keeps reading the primary this many seconds.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {**env.db("DATABASE_REPLICA_URL"), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["nestling.operations.routing.ReplicaRouter"]
REPLICA_PIN_SECONDS = _positive_int("NESTLING_REPLICA_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds security state (used authenticator codes, sign-in rate limits), so it must be shared by
# every worker process: a file cache by default, CACHE_URL (e.g. redis://…) across several hosts.
CACHES = {
    "default": env.cache(
        "CACHE_URL",
        default="locmemcache://nestling" if NESTLING_ENV == "test" else f"filecache://{DATA_DIR / 'cache'}",
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first: a hash made by an older hasher (PBKDF2) is rehashed with Argon2 at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if NESTLING_ENV == "test":
    # Fast hashing keeps the suite quick; the upgrade test puts the production list back.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: sign in by email, no self sign-up (staff are created by their organization).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "nestling.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = False if NESTLING_ENV == "test" else {}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# A passkey signs someone in on its own (it verifies the person, by PIN or biometrics, as well as the
# device); it is never a way to create an account.
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_PASSKEY_SIGNUP_ENABLED = False
MFA_FORMS = {"add_webauthn": "nestling.accounts.forms.AddPasskeyForm"}
# Browsers offer passkeys to secure origins only, and the loopback address counts as one; outside
# production the origin check is relaxed so that the test client and `make run` on plain http work.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = NESTLING_ENV in ("test", "development")
MFA_TOTP_ISSUER = "Nestling"
# Accept the code of the window just before or after, so a code typed at the end of its 30 s (or a clock a
# little off on someone's phone) still works; allauth still refuses any code used twice.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "nestling.accounts.adapter.MfaAdapter"
# Activity tracking would write on every request; sessions are still listed and ended per user.
USERSESSIONS_TRACK_ACTIVITY = False

# The reverse proxies in front of Nestling, whose X-Forwarded-For is believed (addresses or networks).
# Empty: the client is REMOTE_ADDR, and any X-Forwarded-For header is ignored.
NESTLING_TRUSTED_PROXIES: list[str] = []
for _proxy in (p.strip() for p in env.list("NESTLING_TRUSTED_PROXIES", default=[])):
    try:
        NESTLING_TRUSTED_PROXIES.append(str(ipaddress.ip_network(_proxy, strict=False)))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"NESTLING_TRUSTED_PROXIES must list IP addresses or networks, not {_proxy!r}"
        ) from error

# django-axes: five failures lock the account for that address for an hour; a colleague signing in from
# the same address is not affected. allauth posts `login` and authenticates with `email`, which
# lockout_username reads; the address comes through trusted proxies only (django-ipware is not
# installed, so axes' AXES_IPWARE_* settings would do nothing).
AXES_FAILURE_LIMIT = _positive_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "nestling.accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "nestling.accounts.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Sessions end after an idle timeout and, whatever the activity, after an absolute lifetime.
SESSION_IDLE_TIMEOUT_MINUTES = _positive_int("NESTLING_SESSION_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_LIFETIME_HOURS = _positive_int("NESTLING_SESSION_LIFETIME_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Break-the-glass access lasts this long before it must be asked for again.
BREAK_GLASS_HOURS = _positive_int("NESTLING_BREAK_GLASS_HOURS", 4)
# At most this many emergency access requests per person in any hour, refused ones included.
BREAK_GLASS_PER_HOUR = _positive_int("NESTLING_BREAK_GLASS_PER_HOUR", 3)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy: scripts and styles only from Nestling's own static files (no inline
# code, no eval), nothing framed and nothing framing us. TOTP's QR code is an inline `data:` image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Powerful browser features no page uses are switched off; passkeys may be asked for by our own pages.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "publickey-credentials-create=(self), publickey-credentials-get=(self)"
)
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # A load balancer's health check asks over plain HTTP, behind the TLS it ends: answer it there.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", False) else None
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("nl", _("Dutch"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production, whitenoise serves static files straight from the source tree (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# OAuth 2.0 for the API (django-oauth-toolkit). Apps acting for a staff member use the authorization code
# with PKCE; system integrations use client credentials. Scopes are per resource, read or write
# (`nestling.api.scopes`); what a client may ask for is its registration's list.
API_TOKEN_SECONDS = _positive_int("NESTLING_API_TOKEN_SECONDS", 3600)
# Named so that migrations pointing at django-oauth-toolkit's (swappable) application can be written.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "nestling.api.scopes.ClientScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": API_TOKEN_SECONDS,
    "REFRESH_TOKEN_EXPIRE_SECONDS": _positive_int("NESTLING_API_REFRESH_SECONDS", 14 * 24 * 3600),
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "PKCE_REQUIRED": True,
    "ROTATE_REFRESH_TOKEN": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"] if PRODUCTION else ["https", "http"],
    # RFC 9700, the OAuth security best current practice, in full: no implicit or password grant, PKCE
    # with S256 only, tokens only in the Authorization header, the issuer named in the authorization
    # response, tokens kept at rest only as a checksum, and a replayed refresh token ends its family.
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    **{
        f"COMPLIANT_BCP_RFC9700_{gate}": True
        for gate in (
            "IMPLICIT_GRANT",
            "PASSWORD_GRANT",
            "PKCE_METHOD",
            "ACCESS_TOKEN_TRANSPORT",
            "AUTHZ_RESPONSE_ISS",
            "TOKEN_STORAGE",
            "REFRESH_TOKEN",
            "REDIRECT_URI_SCHEME",
            "REDIRECT_URI_MATCHING",
            "PKCE_REQUIRED",
        )
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Reports: an aggregate cell counting fewer people than this is shown as "<N" in a de-identified export;
# an export of more families than REPORTS_EXPORT_INLINE_FAMILIES is built by the background worker; its
# file can be downloaded for REPORTS_EXPORT_HOURS.
REPORTS_SMALL_CELL = _positive_int("NESTLING_REPORTS_SMALL_CELL", 11)
REPORTS_EXPORT_INLINE_FAMILIES = _positive_int("NESTLING_REPORTS_EXPORT_INLINE_FAMILIES", 2000)
REPORTS_EXPORT_HOURS = _positive_int("NESTLING_REPORTS_EXPORT_HOURS", 24)

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="nestling@localhost")
# Where Nestling is reached from outside, for the links in emails (no trailing slash).
SITE_URL = env.str("NESTLING_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# An urgent safety alert still unanswered after this many minutes is sent on to the program's managers.
SAFETY_ALERT_ESCALATION_MINUTES = _positive_int("NESTLING_SAFETY_ALERT_ESCALATION_MINUTES", 4 * 60)
# With EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend, the server comes from these.
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
# A staff invitation's sign-up link works for this many days (a new sending starts the period again).
STAFF_INVITATION_DAYS = _positive_int("NESTLING_STAFF_INVITATION_DAYS", 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
