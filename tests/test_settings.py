"""Settings come from the environment; production settings pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "a-very-long-and-random-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "learning.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://learning.example.org",
}


def manage(*args, **env):
    dropped = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    env = dict(PRODUCTION)
    env["SECRET_KEY"] = ""
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_allowed_hosts_is_required_when_debug_is_off():
    env = dict(PRODUCTION)
    env["ALLOWED_HOSTS"] = ""
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_database_url_selects_the_database():
    script = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    postgres = "postgres://user@127.0.0.1:5432/example"
    result = manage("shell", "--no-imports", "-c", script, DATABASE_URL=postgres, DEBUG="1")
    assert result.stdout.strip() == "django.db.backends.postgresql"
    result = manage("shell", "--no-imports", "-c", script, DATABASE_URL="", DEBUG="1")
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_postgres_connections_get_planner_options_unless_emptied():
    script = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}).get('options'))"
    postgres = "postgres://user@127.0.0.1:5432/example"
    result = manage("shell", "--no-imports", "-c", script, DATABASE_URL=postgres, DEBUG="1")
    assert result.stdout.strip() == "-c random_page_cost=1.1"
    result = manage("shell", "--no-imports", "-c", script, DATABASE_URL=postgres, DEBUG="1", POSTGRES_OPTIONS="")
    assert result.stdout.strip() == "None"
    result = manage("shell", "--no-imports", "-c", script, DATABASE_URL="", DEBUG="1")
    assert result.stdout.strip() == "None"


def test_a_sqlite_file_is_opened_in_wal_and_recounted_in_the_background(tmp_path):
    script = (
        "from django.conf import settings; from django.db import connection; "
        "print(connection.cursor().execute('PRAGMA journal_mode').fetchone()[0], settings.CONTENT_RECOUNT, "
        "connection.transaction_mode)"
    )
    result = manage(
        "shell", "--no-imports", "-c", script, DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", DEBUG="1"
    )
    assert result.stdout.split() == ["wal", "background", "IMMEDIATE"]
    result = manage("shell", "--no-imports", "-c", script, DATABASE_URL="sqlite://:memory:", DEBUG="1")
    assert result.stdout.split() == ["memory", "inline", "IMMEDIATE"]


def test_postgres_connection_uses_them(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_tests_use_their_own_settings_module(settings):
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "reviews_site.test_settings"
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_a_server_process_freezes_what_it_loaded_out_of_the_collectors_sight():
    """reviews_site.process.settle: full garbage collections no longer walk the project's objects."""
    script = "import gc; import reviews_site.wsgi; print(gc.get_freeze_count())"
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(DEBUG="1", DJANGO_SETTINGS_MODULE="reviews_site.settings")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip().splitlines()[-1]) > 50_000  # every view, model and form module
