"""python -m benchmarks [--sizes 1000,10000,100000] [--repeat 30] [--search-repeat 100] [--output FILE]
python -m benchmarks --relevance [--misses]"""

import argparse
import os
import sys


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000", help="Comma-separated corpus sizes.")
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
    return parser.parse_args(argv)


def main(argv=None):
    options = arguments(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviews_site.settings")
    import django

    django.setup()
    from benchmarks.run import run, run_relevance

    (run_relevance if options.relevance else run)(options, sys.stdout)


if __name__ == "__main__":
    main()
