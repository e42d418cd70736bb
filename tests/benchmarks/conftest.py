import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer

from benchmarks.client import HOST


@contextmanager
def tiny_server(handler):
    """`handler` (a BaseHTTPRequestHandler) answering on 127.0.0.1: yields its port."""
    httpd = ThreadingHTTPServer((HOST, 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
