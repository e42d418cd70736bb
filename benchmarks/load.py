"""`make load` (python -m benchmarks --load): requests per second that gunicorn serves, page by page.

It starts gunicorn as the README deploys it (`reviews_site.wsgi`, `--workers 3`, DEBUG off,
WhiteNoise's manifest static files) but bound to 127.0.0.1 on a free port, on a throw-away test
database with the seed content and a synthetic corpus (never the real database), and loads each
page in turn with wrk: a bounded number of connections for a bounded time and at most a bounded
number of requests, only to that loopback address. Then it reports, per page: requests, req/s,
latency percentiles, non-2xx responses, socket errors and timeouts, against the targets
(200 req/s for the home, theme and item pages, 100 for searches, with no error).

Without wrk (Debian's package; `make load` installs it) a Python client made of threads stands in,
labelled as such in the report: it shares the machine's cores with the server, so it understates.

`--database-url` loads an existing database instead, which is only read: nothing is built or
saved in it, and on PostgreSQL every connection, gunicorn's included, is read-only
(default_transaction_read_only).

Only the standard library is imported here at first: the Django parts are imported once
`benchmarks.__main__` has set Django up (and, for `--database-url`, pointed it at that database).
"""

import http.client
import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess  # noqa: S404 - runs gunicorn, collectstatic and wrk, with fixed arguments
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from benchmarks.burst import delete_keys, redis_settings, run_burst
from benchmarks.client import HOST, get, percentile

BASE_DIR = Path(__file__).resolve().parent.parent
RESULT_MARK = "LOAD-RESULT "
READ_ONLY = "-c default_transaction_read_only=on"
MOST_SECONDS = 300  # per page: a load run never lasts longer than this, whatever is asked
BOOT_SECONDS = 90
DRAIN_SECONDS = 120
PAGE_TARGET = 200  # req/s for the home, theme and item pages
SEARCH_TARGET = 100  # req/s for the search pages

# wrk's script: counts responses other than 2xx (wrk itself counts only those >= 400), stops each
# thread after its share of the request budget, and prints the figures as one line of JSON.
WRK_SCRIPT = """
local threads = {}
local limit = tonumber(os.getenv("LOAD_REQUESTS_PER_THREAD") or "0")

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  responses = 0
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  if limit > 0 and responses >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d, "non2xx": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\\n',
    os.getenv("LOAD_RESULT_MARK"), summary.requests, summary.duration, e.connect, e.read, e.write, e.status,
    e.timeout, non2xx_total, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass
class Page:
    name: str
    path: str
    target: int


@dataclass
class Result:
    page: str
    requests: int
    seconds: float
    p50: float  # milliseconds
    p95: float
    p99: float
    non_2xx: int = 0
    socket_errors: int = 0
    timeouts: int = 0
    target: int = 0

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def clean(self):
        return self.requests > 0 and not (self.non_2xx or self.socket_errors or self.timeouts)

    @property
    def meets_target(self):
        return self.clean and self.rate >= self.target


def page_list(theme_slug, item_path):
    from benchmarks.pages import QUESTION, SEARCHES

    words = len(QUESTION.split())
    return {
        "home": Page("home", "/", PAGE_TARGET),
        "theme": Page("theme (largest)", f"/themes/{theme_slug}/", PAGE_TARGET),
        "item": Page("item", item_path, PAGE_TARGET),
        "common": Page(
            f"search: common word ({SEARCHES['common word']})", search_path(SEARCHES["common word"]), SEARCH_TARGET
        ),
        "rare": Page(f"search: rare word ({SEARCHES['rare word']})", search_path(SEARCHES["rare word"]), SEARCH_TARGET),
        "question": Page(f"search: question ({words} words)", search_path(QUESTION), SEARCH_TARGET),
    }


def search_path(q):
    return "/learning/?" + urlencode({"q": q})


# The load generators ----------------------------------------------------------------------------


def wrk_version():
    """wrk's version line, or "" when there is no wrk."""
    wrk = shutil.which("wrk")
    if not wrk:
        return ""
    # wrk --version prints its banner and usage, and exits 1.
    completed = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    first = (completed.stdout or completed.stderr).splitlines()
    return first[0].split("Copyright")[0].strip() if first else "wrk"


def parse_wrk(output, page):
    """The Result in wrk's output (the line the script's done() prints)."""
    for line in output.splitlines():
        if line.startswith(RESULT_MARK):
            data = json.loads(line[len(RESULT_MARK) :])
            break
    else:
        raise ValueError(f"no {RESULT_MARK.strip()} line in wrk's output:\n{output}")
    return Result(
        page=page.name,
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50=data["p50_us"] / 1000,
        p95=data["p95_us"] / 1000,
        p99=data["p99_us"] / 1000,
        non_2xx=max(data["non2xx"], data["status"]),
        socket_errors=data["connect"] + data["read"] + data["write"],
        timeouts=data["timeout"],
        target=page.target,
    )


def run_wrk(port, page, options, workdir):
    threads = max(1, min(options.threads, options.connections))
    script = Path(workdir) / "load.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    env = dict(
        os.environ,
        LOAD_RESULT_MARK=RESULT_MARK,
        LOAD_REQUESTS_PER_THREAD=str(math.ceil(options.max_requests / threads)),
    )
    command = [
        shutil.which("wrk"),
        f"--threads={threads}",
        f"--connections={options.connections}",
        f"--duration={duration(options)}s",
        f"--timeout={options.timeout}s",
        f"--script={script}",
        f"http://{HOST}:{port}{page.path}",
    ]
    completed = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, env=env, timeout=duration(options) + 60, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr or completed.stdout}")
    return parse_wrk(completed.stdout, page)


def run_python(port, page, options):
    """The stand-in for wrk: one thread per connection, each sending requests one after another
    on a kept-alive connection until the time or the request budget runs out."""
    deadline = time.monotonic() + duration(options)
    budget = iter(range(options.max_requests))
    lock = threading.Lock()
    latencies, counts = [], {"non_2xx": 0, "socket_errors": 0, "timeouts": 0}

    def take():
        with lock:
            return next(budget, None) is not None

    def count(name):
        with lock:
            counts[name] += 1

    def client():
        connection, mine = None, []
        while time.monotonic() < deadline and take():
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(HOST, port, timeout=options.timeout)
                start = time.perf_counter()
                connection.request("GET", page.path)
                response = connection.getresponse()
                response.read()
                mine.append(time.perf_counter() - start)
                if not 200 <= response.status < 300:
                    count("non_2xx")
                if response.will_close:
                    connection.close()
                    connection = None
            except TimeoutError:
                count("timeouts")
                connection = close(connection)
            except (OSError, http.client.HTTPException):
                count("socket_errors")
                connection = close(connection)
        close(connection)
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    clients = [threading.Thread(target=client, daemon=True) for _ in range(options.connections)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(duration(options) + 2 * options.timeout + 5)
    seconds = time.perf_counter() - started
    latencies.sort()
    return Result(
        page=page.name,
        requests=len(latencies),
        seconds=seconds,
        p50=percentile(latencies, 50) * 1000,
        p95=percentile(latencies, 95) * 1000,
        p99=percentile(latencies, 99) * 1000,
        target=page.target,
        **counts,
    )


def close(connection):
    if connection is not None:
        connection.close()


def duration(options):
    return max(1, min(MOST_SECONDS, int(options.duration)))


WITHIN = " (latencies: of the answers within it)"


def generator_label(options, version):
    bounds = (
        f"{options.connections} connections, {duration(options)} s a page, at most {options.max_requests:,} requests"
    )
    if version:
        threads = max(1, min(options.threads, options.connections))
        return f"load: {version}, {threads} threads, {bounds}, {options.timeout} s timeout{WITHIN}"
    reason = "--client python" if shutil.which("wrk") else "wrk not found"
    return (
        f"load: Python threads (FALLBACK, {reason}: this client shares the cores with the server, "
        f"so req/s here understates it), {bounds}, {options.timeout} s timeout{WITHIN}"
    )


# The server -------------------------------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_environment(database_url, workdir, redis_url="", prefix=""):
    """The README's production settings, but for this loopback address and a temporary STATIC_ROOT
    (a settings module that is reviews_site.settings with only that changed), over plain HTTP.
    With `redis_url`, the cache is shared on that Redis, under `prefix` (see benchmarks/burst.py)."""
    settings_dir = Path(workdir) / "settings"
    settings_dir.mkdir(exist_ok=True)
    module = f"from reviews_site.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(Path(workdir) / 'static')!r}\n"
    if redis_url:
        module += redis_settings(prefix)
    (settings_dir / "load_settings.py").write_text(module, encoding="utf-8")
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # each process's own memory cache: never a cache the real site shares
    if redis_url:
        env["REDIS_URL"] = redis_url  # this run's keys only, under its own prefix
    env.update(
        DJANGO_SETTINGS_MODULE="load_settings",
        PYTHONPATH=os.pathsep.join([str(settings_dir), str(BASE_DIR)]),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",  # the load is plain HTTP on the loopback: no TLS proxy in front
        DATABASE_URL=database_url,
    )
    return env


def collect_static(env):
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=600,
    )


@contextmanager
def gunicorn(env, workers, workdir):
    """gunicorn as the README runs it, bound to 127.0.0.1: yields its port once it answers; stopped
    (its whole process group) afterwards, however the load ended."""
    port = free_port()
    log_path = Path(workdir) / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "reviews_site.wsgi", f"--bind={HOST}:{port}", f"--workers={workers}"]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_answering(process, port)
        yield port
    except Exception:
        lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        sys.stderr.write("gunicorn's log, last lines:\n" + "\n".join(lines[-40:]) + "\n")
        raise
    finally:
        stop(process)


def wait_until_answering(process, port):
    deadline = time.monotonic() + BOOT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with suppress(OSError, http.client.HTTPException):
            status, _ = get(port, "/")
            if status:
                return
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn did not answer on {HOST}:{port} within {BOOT_SECONDS} s")


def stop(process):
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=20)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # any worker left behind
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def at_once(port, path, count, timeout):
    """`count` requests for `path` sent at once (so they spread over the workers): their answers."""
    answers = []

    def one():
        with suppress(OSError, http.client.HTTPException):
            answers.append(get(port, path, timeout))

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout + 5)
    return answers


def warm_up(port, page, workers):
    """A request per worker; each must be a 200 (not a redirect, not an error)."""
    answers = at_once(port, page.path, workers, 60)
    bad = [answer for answer in answers if answer[0] != 200]
    if bad or len(answers) < workers:
        raise RuntimeError(f"{page.name} {page.path}: warm-up answered {bad or 'nothing'}, not 200")


def drain(port, workers):
    """Wait for the requests that the last load left queued (wrk stops with one in flight on every
    connection, and gunicorn still answers them), so that they do not slow the next page's."""
    at_once(port, "/", workers, DRAIN_SECONDS)


# The run ----------------------------------------------------------------------------------------


def format_table(heading, results, pages=()):
    width = max([34] + [len(r.page) for r in results])
    lines = [
        *heading,
        f"{'page':<{width}} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'non-2xx':>8} {'socket err':>10} {'timeouts':>8}  target",
    ]
    for r in results:
        verdict = "ok" if r.meets_target else "below" if r.clean else "ERRORS" if r.requests else "NO ANSWER"
        lines.append(
            f"{r.page:<{width}} {r.requests:>9,} {r.rate:>8.1f} {r.p50:>8.1f} {r.p95:>8.1f} {r.p99:>8.1f} "
            f"{r.non_2xx:>8,} {r.socket_errors:>10,} {r.timeouts:>8,}  {r.target} req/s {verdict}"
        )
    lines += [f"  {page.name}: {page.path}" for page in pages]
    return "\n".join(lines)


def database_url_for(connection):
    """DATABASE_URL for gunicorn: the throw-away database this process has just made."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path=f"/{name}").geturl()


def read_only_environment(url):
    """Called before Django is set up: point it at an existing database, read-only on PostgreSQL."""
    os.environ["DATABASE_URL"] = url
    if url.startswith(("postgres", "pgsql")):
        options = os.environ.get("POSTGRES_OPTIONS", "-c random_page_cost=1.1").strip()
        if READ_ONLY not in options:
            os.environ["POSTGRES_OPTIONS"] = f"{options} {READ_ONLY}".strip()


def run_load(options, out):
    """The whole run; 0 when every page answered only 2xx, with no socket error or timeout."""
    from django.db import connection

    version = "" if options.client == "python" else wrk_version()
    if options.client == "wrk" and not version:
        raise SystemExit("wrk is not installed (apt-get install wrk), and --client wrk was asked for")
    if options.database_url and options.after_change:
        raise SystemExit("--after-change saves an item: not with --database-url, which is only read")
    label = generator_label(options, version)
    tables, failed = [], False
    workdir = tempfile.mkdtemp(prefix="load-")
    redis_url = burst_redis_url(options)
    prefix = f"load-{secrets.token_hex(6)}"
    try:
        if options.database_url:
            env = server_environment(options.database_url, workdir, redis_url, prefix)
            out.write("Collecting static files…\n")
            collect_static(env)
            heading = [f"Existing database ({connection.vendor}, only read), {items_count()} published items"]
            table, bad = load_pages(options, out, env, heading + [label], workdir)
            tables.append(table)
            failed |= bad
        else:
            from benchmarks import pages
            from benchmarks.run import throwaway_database

            with throwaway_database():
                env = server_environment(database_url_for(connection), workdir, redis_url, prefix)
                out.write("Collecting static files…\n")
                collect_static(env)
                built = 0
                for size in sizes(options):
                    if size > built:
                        out.write(f"Building a corpus of {size:,} items…\n")
                        built += pages.build_corpus(size - built, seed=size)
                    heading = [f"N = {size:,} synthetic items (+ seed) on {connection.vendor}", label]
                    table, bad = load_pages(options, out, env, heading, workdir)
                    tables.append(table)
                    failed |= bad
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if redis_url:
            delete_keys(redis_url, prefix)
    if options.output:
        Path(options.output).write_text("\n\n".join(tables) + "\n", encoding="utf-8")
    return 1 if failed else 0


def burst_redis_url(options):
    """The Redis a PDF burst shares its print slots through; only on this machine's loopback."""
    if not options.pdf_burst:
        return ""
    url = options.redis_url or "redis://127.0.0.1:6379/0"
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"--redis-url: only a Redis on this machine's loopback address, not {url}")
    return url


def sizes(options):
    return [int(size) for size in options.sizes.split(",") if size.strip()] or [0]


def items_count():
    from learning.models import LearningItem

    return f"{LearningItem.objects.published().count():,}"


def chosen_pages():
    from benchmarks.pages import SYNTHETIC_PREFIX, largest_theme
    from learning.models import LearningItem

    items = LearningItem.objects.published().select_related("publication")
    item = items.exclude(key__startswith=SYNTHETIC_PREFIX).order_by("pk").first() or items.order_by("pk").first()
    return page_list(largest_theme(), item.get_absolute_url()), item


def load_pages(options, out, env, heading, workdir):
    every, item = chosen_pages()
    wanted = [name.strip() for name in options.pages.split(",") if name.strip()]
    unknown = set(wanted) - set(every)
    if unknown:
        raise SystemExit(f"--pages: unknown {', '.join(sorted(unknown))} (choose from {', '.join(every)})")
    chosen = [every[name] for name in wanted]
    results = []
    with gunicorn(env, options.workers, workdir) as port:
        heading = [
            *heading,
            f"server: gunicorn reviews_site.wsgi --workers {options.workers} on {HOST}:{port}, DEBUG=0",
        ]
        for page in chosen:
            warm_up(port, page, options.workers)
        if options.pdf_burst:  # the burst instead of the page loads
            return run_burst(port, chosen, options, out)
        for page in chosen:
            out.write(f"Loading {page.name} for {duration(options)} s…\n")
            results.append(load(port, page, options, workdir))
            drain(port, options.workers)
            if options.after_change:
                item.save()  # a content change: every process's cached counts are out of date
                after = Page(f"{page.name}, after a change", page.path, page.target)
                results.append(load(port, after, options, workdir))
                drain(port, options.workers)
    table = format_table(heading, results, chosen)
    out.write(table + "\n\n")
    return table, not all(r.clean for r in results)


def load(port, page, options, workdir):
    if options.client != "python" and shutil.which("wrk"):
        return run_wrk(port, page, options, workdir)
    return run_python(port, page, options)
