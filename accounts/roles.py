"""The five roles of the service and the Django groups that carry them."""

from enum import StrEnum


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    CONTRIBUTOR = "contributor"
    LEAD = "lead"
    CDO = "cdo"
    ADMIN = "admin"


# Group names are created by a data migration (boroughs/migrations/0003_groups.py).
GROUP_CONTRIBUTORS = "Borough contributors"
GROUP_LEADS = "Borough digital leads"
GROUP_CDO_OFFICE = "CDO office"
GROUP_ADMINS = "Administrators"

GROUP_FOR_ROLE = {
    Role.CONTRIBUTOR: GROUP_CONTRIBUTORS,
    Role.LEAD: GROUP_LEADS,
    Role.CDO: GROUP_CDO_OFFICE,
    Role.ADMIN: GROUP_ADMINS,
}
