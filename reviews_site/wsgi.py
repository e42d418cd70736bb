"""
WSGI config for reviews_site project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviews_site.settings")

application = get_wsgi_application()

from reviews_site.process import settle  # noqa: E402 - needs the settings loaded above

settle()
