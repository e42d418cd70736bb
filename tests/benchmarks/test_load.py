"""`make load`'s parts: reading wrk's figures, the report, the two load generators against a tiny
server on 127.0.0.1, and what gunicorn is given. (The whole run, gunicorn included, is `make load`:
it builds a database, too slow for the suite.)"""

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from benchmarks import load
from benchmarks.__main__ import arguments
from tests.benchmarks.conftest import TinyHandler, tiny_server

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:41234/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   160.12ms   20.33ms 401.00ms   80.00%
    Req/Sec   156.20     30.10   210.00     70.00%
  3124 requests in 10.01s, 45.20MB read
Requests/sec:    312.09
Transfer/sec:      4.52MB
LOAD-RESULT {"requests": 3124, "duration_us": 10010000, "connect": 1, "read": 2, "write": 0, "status": 0, \
"timeout": 3, "non2xx": 4, "p50_us": 155000, "p95_us": 190500, "p99_us": 250250, "max_us": 401000}
"""


def options(**overrides):
    values = {
        "threads": 1,
        "connections": 2,
        "duration": 1,
        "timeout": 2,
        "max_requests": 100_000,
    }
    return SimpleNamespace(**{**values, **overrides})


def test_parse_wrk_reads_the_scripts_line():
    page = load.Page("home", "/", 200)
    result = load.parse_wrk(WRK_OUTPUT, page)
    assert result.requests == 3124
    assert result.seconds == pytest.approx(10.01)
    assert result.rate == pytest.approx(312.09, abs=0.01)
    assert (result.p50, result.p95, result.p99) == (155.0, 190.5, 250.25)
    assert (result.non_2xx, result.socket_errors, result.timeouts) == (4, 3, 3)
    assert result.target == 200 and not result.clean


def test_parse_wrk_without_the_scripts_line_says_so():
    with pytest.raises(ValueError, match="LOAD-RESULT"):
        load.parse_wrk("Running 10s test @ http://127.0.0.1:1/\n", load.Page("home", "/", 200))


def test_table_has_a_row_per_page_and_a_verdict_against_the_target():
    results = [
        load.Result("home", 3000, 10.0, 150.0, 190.0, 250.0, target=200),
        load.Result("search: common word (child)", 900, 10.0, 500.0, 700.0, 800.0, target=100, timeouts=2),
        load.Result("theme (largest)", 1500, 10.0, 300.0, 350.0, 400.0, target=200),
        load.Result("item", 0, 10.0, 0.0, 0.0, 0.0, target=200),
    ]
    pages = [load.Page("home", "/", 200)]
    lines = load.format_table(["N = 0 synthetic items (+ seed) on sqlite", "load: wrk"], results, pages).splitlines()
    assert lines[0].startswith("N = 0") and lines[1] == "load: wrk"
    header = "page requests req/s p50 ms p95 ms p99 ms non-2xx socket err timeouts target"
    assert " ".join(lines[2].split()) == header
    home, search, theme, item = lines[3:7]
    assert home.split()[:8] == ["home", "3,000", "300.0", "150.0", "190.0", "250.0", "0", "0"]
    assert home.endswith("200 req/s ok")
    assert search.endswith("100 req/s ERRORS")
    assert theme.endswith("200 req/s below")
    assert item.endswith("200 req/s NO ANSWER")
    assert lines[7] == "  home: /"


def test_percentile_is_the_nearest_rank():
    ordered = [n / 1000 for n in range(1, 101)]
    assert load.percentile(ordered, 50) == 0.05
    assert load.percentile(ordered, 99) == 0.099
    assert load.percentile([], 95) == 0.0


def test_pages_are_the_issues_with_their_targets():
    pages = load.page_list("neglect", "/learning/a-publication/1-kl-1/")
    assert [p.path for p in pages.values()][:3] == ["/", "/themes/neglect/", "/learning/a-publication/1-kl-1/"]
    assert {p.target for name, p in pages.items() if name in ("home", "theme", "item")} == {200}
    assert {p.target for name, p in pages.items() if name in ("common", "rare", "question")} == {100}
    assert 6 <= len(pages["question"].path.split("+")) <= 10


def test_load_arguments_default_to_a_short_bounded_run():
    loaded = arguments(["--load"])
    assert (loaded.sizes, loaded.duration, loaded.connections, loaded.workers) == ("10000", 10, 50, 3)
    assert arguments([]).sizes == "1000,10000,100000"  # make bench's
    assert load.duration(options(duration=10_000)) == load.MOST_SECONDS


def test_server_environment_is_production_but_loopback_and_plain_http(tmp_path, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("DEBUG", "1")
    env = load.server_environment("sqlite:////tmp/load.sqlite3", tmp_path)
    assert env["DEBUG"] == "0" and env["ALLOWED_HOSTS"] == "127.0.0.1" and env["SECURE_SSL_REDIRECT"] == "0"
    assert len(env["SECRET_KEY"]) >= 50 and env["DATABASE_URL"] == "sqlite:////tmp/load.sqlite3"
    assert "REDIS_URL" not in env
    settings = (tmp_path / "settings" / "load_settings.py").read_text()
    assert "from reviews_site.settings import *" in settings and str(tmp_path / "static") in settings


def test_the_throwaway_database_is_a_file_in_wal_recounted_in_the_background(monkeypatch):
    from django.conf import settings

    from benchmarks import run

    sqlite = SimpleNamespace(vendor="sqlite", settings_dict={"NAME": "x", "TEST": {"NAME": None}})
    monkeypatch.setattr(run, "connection", sqlite)
    with run._sqlite_as_deployed():
        name = Path(sqlite.settings_dict["TEST"]["NAME"])
        assert name.suffix == ".sqlite3" and name.parent.is_dir()
        assert settings.CONTENT_RECOUNT == "background"
    assert sqlite.settings_dict["TEST"]["NAME"] is None and not name.parent.exists()


def test_gunicorn_is_pointed_at_the_throwaway_database(tmp_path, monkeypatch):
    sqlite = SimpleNamespace(vendor="sqlite", settings_dict={"NAME": str(tmp_path / "load.sqlite3")})
    assert load.database_url_for(sqlite) == f"sqlite:///{tmp_path / 'load.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://user:secret@127.0.0.1:5432/learning?sslmode=disable")
    postgres = SimpleNamespace(vendor="postgresql", settings_dict={"NAME": "test_learning"})
    assert load.database_url_for(postgres) == "postgres://user:secret@127.0.0.1:5432/test_learning?sslmode=disable"


def test_an_existing_database_is_only_read(monkeypatch):
    # set through monkeypatch (not only deleted), so what the call writes is undone afterwards:
    # later tests start subprocesses with this process's environment
    monkeypatch.setenv("POSTGRES_OPTIONS", "-c random_page_cost=1.1")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    load.read_only_environment("postgres://postgres@127.0.0.1:5432/b100k")
    assert os.environ["DATABASE_URL"] == "postgres://postgres@127.0.0.1:5432/b100k"
    assert os.environ["POSTGRES_OPTIONS"] == "-c random_page_cost=1.1 -c default_transaction_read_only=on"


class Handler(TinyHandler):
    def do_GET(self):
        if self.path == "/":
            self.answer(200, b"hello")
        else:
            self.answer(302, b"hello", [("Location", "/")])


@pytest.fixture
def server():
    with tiny_server(Handler) as port:
        yield port


def test_python_client_counts_answers_and_non_2xx_within_its_budget(server):
    ok = load.run_python(server, load.Page("home", "/", 200), options(max_requests=40))
    assert ok.requests == 40 and ok.clean and ok.p50 > 0
    redirected = load.run_python(server, load.Page("redirect", "/elsewhere", 200), options(max_requests=10))
    assert redirected.requests == 10 and redirected.non_2xx == 10


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (make load installs it)")
def test_wrk_script_reports_answers_and_non_2xx_within_its_budget(server, tmp_path):
    ok = load.run_wrk(server, load.Page("home", "/", 200), options(max_requests=50), tmp_path)
    assert 50 <= ok.requests <= 52 and ok.clean and ok.p99 >= ok.p50 > 0
    redirected = load.run_wrk(server, load.Page("redirect", "/elsewhere", 200), options(max_requests=20), tmp_path)
    assert redirected.requests >= 20 and redirected.non_2xx == redirected.requests
