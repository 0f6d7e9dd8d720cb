"""Sign-in lock-outs (django-axes): what a failed attempt is recorded under."""

from audit.receivers import bounded_username


def lockout_username(request, credentials=None) -> str:
    """The username django-axes records a failed sign-in under and checks lock-outs for
    (``AXES_USERNAME_CALLABLE``).

    Taken, as axes does by default, from the credentials given to ``authenticate`` or else
    the posted form, but bounded (``audit.receivers.bounded_username``): every sign-in form
    should refuse an over-long username first, and the admin's form or a future one may not.
    """
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "POST", {}).get("username")
    return bounded_username(value)
