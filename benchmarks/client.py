"""What `make load` and its PDF burst (load.py, burst.py) share: the one address they send requests
to, one GET, and the nearest-rank percentile. Only the standard library: imported before Django."""

import http.client
import math

HOST = "127.0.0.1"  # the only address this sends requests to


def get(port, path, timeout=30):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def percentile(ordered, p):
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]
