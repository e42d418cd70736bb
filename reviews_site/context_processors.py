from django.conf import settings


def site(request):
    """Names shown in the header, footer and on handouts."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_ORGANISATION": settings.SITE_ORGANISATION}
