"""PDFs are laid out in a child of the server process, at a lower CPU priority (printing/pdf.py),
so pages are answered first while PDFs are made: the child is another process, runs at
PRINT_NICENESS, is replaced when it dies, and PRINT_NICENESS=0 lays out in the process itself."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.urls import reverse

from printing import pdf
from tests.printing.conftest import pdf_text

HTML = "<!doctype html><html lang='en'><title>t</title><h1>Seen by the child</h1></html>"
BASE = "http://testserver/"


def niceness():
    return os.nice(0)


def test_the_child_is_another_process_at_a_lower_priority(settings):
    settings.PRINT_NICENESS = 19
    child = pdf._child(19)
    assert child.submit(os.getpid).result(timeout=60) != os.getpid()
    assert child.submit(niceness).result(timeout=60) == min(19, niceness() + 19)


def test_a_pdf_from_the_child_is_the_handout(settings):
    settings.PRINT_NICENESS = 19
    made = pdf.render(HTML, BASE)
    assert made.startswith(b"%PDF-")
    assert "Seen by the child" in pdf_text(made)[0]


def test_a_child_that_died_is_replaced_and_the_file_still_made(settings):
    settings.PRINT_NICENESS = 19
    pid = pdf._child(19).submit(os.getpid).result(timeout=60)
    os.kill(pid, signal.SIGKILL)
    assert "Seen by the child" in pdf_text(pdf.render(HTML, BASE))[0]
    assert pdf._child(19).submit(os.getpid).result(timeout=60) != pid


def test_niceness_0_lays_out_in_the_server_process(settings, monkeypatch):
    settings.PRINT_NICENESS = 0
    where = []
    original = pdf.lay_out

    def lay_out(html, base_url):
        where.append(os.getpid())
        return original(html, base_url)

    monkeypatch.setattr(pdf, "lay_out", lay_out)
    assert pdf.render(HTML, BASE).startswith(b"%PDF-")
    assert where == [os.getpid()]


@pytest.mark.django_db
def test_a_trainer_downloads_a_theme_pdf_made_by_the_child(client, library, settings):
    settings.PRINT_NICENESS = 19
    theme_page = client.get(library.theme.get_absolute_url()).content.decode()
    link = reverse("printing:theme_handout_pdf", args=["child-sexual-exploitation"])
    assert f'href="{link}"' in theme_page
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Child sexual exploitation" in pdf_text(response.content)[0]


def test_the_child_ends_when_its_server_process_is_killed(tmp_path):
    """gunicorn kills a worker that overruns its timeout: that worker's child must not live on."""
    script = (
        "import os, django\n"
        "django.setup()\n"
        "from printing import pdf\n"
        "print(pdf._child(19).submit(os.getpid).result(timeout=60), flush=True)\n"
        "os._exit(1)  # as if killed: no clean shutdown of the child\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "reviews_site.test_settings"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    child = int(done.stdout.split()[-1])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and alive(child):
        time.sleep(0.2)
    assert not alive(child)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has ended; its parent has yet to reap it
        return stat.read().split(")")[-1].split()[0] != "Z"
