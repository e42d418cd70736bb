"""`make bench`: timings of pages, searches and handouts over synthetic corpora.

Not part of the running site: nothing in the apps imports it. It runs in a throw-away test
database, so the real content is never touched (`python -m benchmarks --help`).
"""
