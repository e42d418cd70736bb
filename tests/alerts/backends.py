"""Email backends for tests that break partway through a run."""

from django.core.mail.backends.locmem import EmailBackend


class BreaksAfter(EmailBackend):
    """The locmem backend, raising `error` instead of sending message number `after` + 1."""

    after = 2
    error = ConnectionError("the mail server went away")
    sent = 0

    def send_messages(self, messages):
        if BreaksAfter.sent >= BreaksAfter.after:
            raise BreaksAfter.error
        BreaksAfter.sent += len(messages)
        return super().send_messages(messages)
