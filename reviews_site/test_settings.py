"""Settings for the test suite: the site's own settings, read from the same environment
variables, with what a test run needs on top (pytest and `make test` use this module).

A test run is a production-like run (DEBUG off) on this machine: so it gets a key and the
test hosts if none are set, fast password hashing, plain static files (no manifest to
build first) and no HTTPS redirects or secure-only cookies, which the test client cannot use.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-key-never-used-in-production")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

from reviews_site.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Tests see every count as of the change they just made (tests/core/test_recount.py tries the
# background recount itself).
CONTENT_RECOUNT = "inline"
# A PDF import's job runs in the request that queues it (rq's synchronous mode, still through Redis),
# so tests need no worker; tests/staff/test_import_jobs.py also runs one through a real worker.
RQ_QUEUES["imports"]["ASYNC"] = False  # noqa: F405
# Tests queue on their own Redis database, so a development worker never takes a test's job.
RQ_QUEUES["imports"]["URL"] = os.environ.get("TEST_RQ_REDIS_URL", "redis://127.0.0.1:6379/15")  # noqa: F405
# Tests see each page rendered, so query counts stay those of the view; tests/test_page_cache.py
# turns the whole-page cache on.
PAGE_CACHE = env_bool("PAGE_CACHE", False)  # noqa: F405
# A test's transaction never commits, so jobs are queued at once rather than on commit (the site's default).
RQ = {"COMMIT_MODE": "auto"}
