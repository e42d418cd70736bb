"""`make load LOAD_ARGS="--pdf-burst 50"`'s parts (benchmarks/burst.py), against a tiny server on
127.0.0.1: the burst asks for a different file each time and pauses after a busy answer, the pages
are timed one after another, the report says whether each page kept its target, and the run's
shared cache is on a loopback Redis under its own prefix, deleted afterwards."""

import threading
import time
from types import SimpleNamespace

import pytest

from benchmarks import burst, load
from benchmarks.__main__ import arguments
from tests.benchmarks.conftest import TinyHandler, tiny_server


class Handler(TinyHandler):
    asked = []
    lock = threading.Lock()

    def do_GET(self):
        if ".pdf" in self.path:
            with self.lock:
                self.asked.append(self.path)
                status = 200 if len(self.asked) % 2 else 503  # every other file: busy
            time.sleep(0.05)
        else:
            status = 200 if self.path != "/broken/" else 500
        self.answer(status, b"%PDF-" if status == 200 else b"busy")


@pytest.fixture
def server():
    Handler.asked = []
    with tiny_server(Handler) as port:
        yield port


def test_the_burst_asks_for_a_new_file_each_time_and_pauses_when_busy(server):
    with burst.Burst(server, ["neglect", "bruising"], clients=3) as running:
        time.sleep(1.2)
    assert running.answers[200] >= 3 and running.answers[503] >= 1
    assert len(set(Handler.asked)) == len(Handler.asked)  # never the same file twice
    assert {path.split("/")[2] for path in Handler.asked} == {"neglect", "bruising"}
    assert all(path.endswith(".pdf?copy=burst-" + path.rsplit("-", 1)[1]) for path in Handler.asked)
    # a busy client waits a second before its next file: far fewer requests than without the pause
    assert sum(running.answers.values()) < 3 * 1.2 / 0.05
    assert running.drained_seconds < 5


def test_the_report_compares_each_page_before_and_during_the_burst(server, monkeypatch):
    monkeypatch.setattr(burst, "largest_themes", lambda count: ["neglect"])
    pages = [load.Page("home", "/", 200), load.Page("broken page", "/broken/", 200)]
    options = SimpleNamespace(duration=1, pdf_burst=2, workers=3)
    out = []
    table, failed = burst.run_burst(server, pages, options, Writer(out))
    lines = table.splitlines()
    assert lines[0].startswith("A burst of 2 PDF clients")
    home = next(line for line in lines if line.startswith("home"))
    broken = next(line for line in lines if line.startswith("broken page"))
    assert home.endswith("ok") and broken.endswith("ABOVE")  # answers other than 200 count against a page
    assert lines[-1].startswith("PDFs asked for") and "made" in lines[-1] and "busy (503, Retry-After)" in lines[-1]
    assert failed


class Writer:
    def __init__(self, lines):
        self.lines = lines

    def write(self, text):
        self.lines.append(text)


def test_the_burst_is_an_option_of_make_load_and_shares_slots_only_through_a_loopback_redis():
    options = arguments(["--load", "--pdf-burst", "50"])
    assert options.pdf_burst == 50
    assert load.burst_redis_url(options) == "redis://127.0.0.1:6379/0"
    assert load.burst_redis_url(arguments(["--load"])) == ""  # no burst: each process's own memory
    with pytest.raises(SystemExit, match="loopback"):
        load.burst_redis_url(arguments(["--load", "--pdf-burst", "5", "--redis-url", "redis://cache.example.org/0"]))


def test_the_servers_settings_share_the_cache_on_redis_under_the_runs_prefix(tmp_path):
    env = load.server_environment("sqlite:////tmp/x.sqlite3", tmp_path, "redis://127.0.0.1:6379/0", "load-abc")
    assert env["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    module = (tmp_path / "settings" / "load_settings.py").read_text()
    namespace = {}
    exec(compile(module, "load_settings.py", "exec"), namespace)  # noqa: S102 - the module just written
    caches = namespace["CACHES"]
    assert caches["default"]["KEY_PREFIX"] == "load-abc" and caches["pages"]["KEY_PREFIX"] == "load-abc-pages"
    assert caches["fragments"]["KEY_PREFIX"] == "load-abc-fragments"


def test_the_runs_keys_are_deleted_from_redis_and_no_other():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    client.set("load-test123:1:print:slot:0", "x", ex=60)
    client.set("load-test123-pages:1:page", "x", ex=60)
    client.set("load-other:1:kept", "x", ex=60)
    burst.delete_keys("redis://127.0.0.1:6379/0", "load-test123")
    assert not client.exists("load-test123:1:print:slot:0", "load-test123-pages:1:page")
    assert client.exists("load-other:1:kept")
    client.delete("load-other:1:kept")


@pytest.mark.django_db
def test_a_benchmark_database_is_built_only_into_a_new_one(monkeypatch):
    from benchmarks import run
    from learning.models import LearningItem
    from tests.factories import LearningItemFactory

    monkeypatch.setattr(run, "call_command", lambda *args, **kwargs: None)  # migrated and seeded already
    built = []
    monkeypatch.setattr(run.pages, "build_corpus", lambda size, seed: built.append(size))
    out = Writer([])
    assert run.build_database(50, out) == 0 and built == [50]
    LearningItemFactory()
    assert run.build_database(50, out) == 1 and built == [50]  # a database with learning is left alone
    assert "only fills a new database" in out.lines[-1]
    assert LearningItem.objects.count() == 1
