"""Reads about authorities and peer groups (who may see them: ``accounts.access``)."""

from django.db.models import QuerySet

from boroughs.models import Authority, PeerGroup


def authority_list() -> QuerySet[Authority]:
    return Authority.objects.order_by("name")


def peer_group_list() -> QuerySet[PeerGroup]:
    return PeerGroup.objects.prefetch_related("authorities").order_by("name")
