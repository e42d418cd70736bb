"""python -m benchmarks [--sizes 1000,10000,100000] [--repeat 30] [--search-repeat 100] [--output FILE]
python -m benchmarks --relevance [--misses]
python -m benchmarks --load [--sizes 10000] [--duration 10] [--connections 50] [--workers 3] [--database-url URL]
python -m benchmarks --build-corpus 100000 --database-url URL   (a new, empty database: for deploy/trial.sh)"""

import argparse
import os
import secrets
import sys


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--sizes", default=None, help="Comma-separated corpus sizes (default 1000,10000,100000; with --load 10000)."
    )
    parser.add_argument("--repeat", type=int, default=30, help="Timed runs per page measure.")
    parser.add_argument(
        "--search-repeat",
        type=int,
        default=100,
        help="Timed runs per search measure (searches are quick, and p95 needs many runs to settle).",
    )
    parser.add_argument("--output", default="", help="Also write the tables to this file.")
    parser.add_argument(
        "--relevance", action="store_true", help="Only the relevance figures on the judged questions (make relevance)."
    )
    parser.add_argument("--misses", action="store_true", help="With --relevance: list the questions answered late.")
    parser.add_argument(
        "--build-corpus",
        type=int,
        default=0,
        help="Make --database-url (a new, empty database) a benchmark database: the seed and this many items.",
    )
    load = parser.add_argument_group("--load (make load): gunicorn on 127.0.0.1 under wrk, page by page")
    load.add_argument("--load", action="store_true", help="Requests per second that gunicorn serves, per page.")
    load.add_argument("--duration", type=int, default=10, help="Seconds of load per page (at most 300).")
    load.add_argument("--connections", type=int, default=50, help="Concurrent connections.")
    load.add_argument("--threads", type=int, default=2, help="wrk's threads.")
    load.add_argument("--max-requests", type=int, default=100_000, help="Requests per page at most.")
    load.add_argument("--timeout", type=int, default=2, help="Seconds after which a request counts as timed out.")
    load.add_argument("--workers", type=int, default=3, help="gunicorn's workers (the README's 3).")
    load.add_argument("--pages", default="home,theme,item,common,rare,question", help="Which pages to load.")
    load.add_argument("--after-change", action="store_true", help="Load each page again after saving an item.")
    load.add_argument(
        "--pdf-burst",
        type=int,
        default=0,
        help="Instead of the page loads: time pages before and while this many clients ask for new PDFs.",
    )
    load.add_argument(
        "--redis-url", default="", help="With --pdf-burst: the loopback Redis for the shared print slots."
    )
    load.add_argument("--client", choices=["auto", "wrk", "python"], default="auto", help="The load generator.")
    load.add_argument(
        "--database-url", default="", help="Load this existing database instead of a throw-away one (only read)."
    )
    options = parser.parse_args(argv)
    if options.sizes is None:
        options.sizes = "10000" if options.load else "1000,10000,100000"
    return options


def production_environment():
    """Called before Django is set up: the settings as the README deploys them (DEBUG off, which
    the Makefile's DEBUG=1 would otherwise turn on), over plain HTTP to localhost, with a key
    made for this run. Static files are then named as collected without a manifest (see run)."""
    os.environ.update(DEBUG="0", SECURE_SSL_REDIRECT="0", ALLOWED_HOSTS="localhost")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))


def main(argv=None):
    options = arguments(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviews_site.settings")
    if not options.load:  # --load starts gunicorn with its own environment
        production_environment()
    if options.load and options.database_url:
        from benchmarks.load import read_only_environment

        read_only_environment(options.database_url)
    if options.build_corpus:
        if not options.database_url:
            raise SystemExit("--build-corpus needs --database-url: the new, empty database to build")
        os.environ["DATABASE_URL"] = options.database_url
    import django

    django.setup()
    if options.build_corpus:
        from benchmarks.run import build_database

        sys.exit(build_database(options.build_corpus, sys.stdout))
    if options.load:
        from benchmarks.load import run_load

        sys.exit(run_load(options, sys.stdout))
    from benchmarks.run import run, run_relevance

    (run_relevance if options.relevance else run)(options, sys.stdout)


if __name__ == "__main__":
    main()
