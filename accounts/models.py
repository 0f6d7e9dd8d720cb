"""People's links to their organisations' identity providers, and requests for access.

An account is Django's own user; its role comes from ``accounts.roles`` (groups and a
borough membership). These models only record how a person signs in through their
organisation (``ExternalIdentity``) and, for someone who signed in that way without an
account, the request waiting for an admin or their authority's lead (``PendingAccount``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ExternalIdentity(models.Model):
    """One person at one OpenID Connect provider: the issuer's ``sub`` for them.

    Keyed by issuer and subject, never by email: an address can be reused by another
    person later, a subject cannot. An account with an identity signs in only through
    its provider while that provider is configured (``accounts.forms.SignInForm``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    provider = models.CharField(max_length=40, help_text="The provider's id in OIDC_PROVIDERS.")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    email = models.EmailField(help_text="The address the provider gave at the last sign-in.")
    linked_at = models.DateTimeField()
    last_signed_in_at = models.DateTimeField()

    class Meta:
        verbose_name = "organisation sign-in"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="identity_unique_subject")
        ]

    def __str__(self) -> str:
        return f"{self.email} at {self.provider}"


class PendingAccount(models.Model):
    """A first sign-in through a provider by someone with no account, waiting for a role.

    Nobody gets an account, or any access, until an admin (or, for a borough, that
    authority's digital lead) approves the request and chooses the role.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Declined"

    provider = models.CharField(max_length=40)
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    email = models.EmailField()
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    authority = models.ForeignKey(
        "boroughs.Authority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pending_accounts",
        help_text="Empty for the CDO office.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=20, blank=True, help_text="The role given on approval.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The account made on approval.",
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            # One open request per person. A declined request stays: signing in again
            # says it was declined rather than asking again (accounts.oidc.services).
            models.UniqueConstraint(
                fields=["issuer", "subject"],
                condition=Q(status="pending"),
                name="pending_account_one_open_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_status_display()})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email
