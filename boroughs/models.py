"""London's local authorities, peer groups of them, and who belongs to which."""

from django.conf import settings
from django.db import models


class Authority(models.Model):
    """One of London's 33 local authorities, keyed by its ONS GSS code."""

    class Kind(models.TextChoices):
        LONDON_BOROUGH = "london_borough", "London borough"
        CITY_CORPORATION = "city_corporation", "City of London Corporation"

    class SubRegion(models.TextChoices):
        INNER = "inner", "Inner London"
        OUTER = "outer", "Outer London"

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    abbreviation = models.CharField(max_length=4, unique=True, help_text="Shown on tile maps.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    inner_outer = models.CharField("Inner or Outer London", max_length=5, choices=SubRegion.choices)
    grid_column = models.PositiveSmallIntegerField(help_text="Tile-map column, 0 at the west.")
    grid_row = models.PositiveSmallIntegerField(help_text="Tile-map row, 0 at the north.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["grid_column", "grid_row"], name="authority_unique_grid_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(gss_code__regex=r"^E09[0-9]{6}$"),
                name="authority_gss_code_is_london",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PeerGroup(models.Model):
    """A named set of authorities compared together (Inner London, a partnership...)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    authorities = models.ManyToManyField(Authority, related_name="peer_groups", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """Ties a borough user to their one authority, with the role they play in it.

    CDO-office analysts and administrators have no membership: their role comes
    from their Django group (see ``accounts.roles``).
    """

    class Role(models.TextChoices):
        CONTRIBUTOR = "contributor", "Contributor"
        LEAD = "lead", "Digital lead"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["authority__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.authority})"
