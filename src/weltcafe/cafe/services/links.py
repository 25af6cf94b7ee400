"""New links for the wall and the table signs: the old token stops working and its open sockets are closed.

A table sign's QR code carries its table's token, so a new table link means the sign must be printed again; the
wall link is typed or opened from the control room and simply changes. Anonymisation renews all of them, so a
photo of a sign taken at the event leads nowhere afterwards.
"""

from __future__ import annotations

from django.db import transaction

from weltcafe.cafe.live.broadcast import close_link_sockets
from weltcafe.cafe.models import Cafe, Table
from weltcafe.common.tokens import new_access_token


@transaction.atomic
def renew_wall_link(*, cafe: Cafe) -> Cafe:
    cafe.wall_token = new_access_token()
    cafe.save(update_fields=["wall_token", "updated_at"])
    close_link_sockets("w", cafe.pk)
    return cafe


@transaction.atomic
def renew_table_link(*, table: Table) -> Table:
    table.access_token = new_access_token()
    table.save(update_fields=["access_token"])
    close_link_sockets("t", table.pk)
    return table


@transaction.atomic
def renew_cafe_links(*, cafe: Cafe) -> int:
    """The wall link and every table link of the café; returns how many links were renewed."""
    tables = list(Table.objects.select_for_update().filter(cafe=cafe).order_by("pk"))
    for table in tables:
        renew_table_link(table=table)
    renew_wall_link(cafe=cafe)
    return len(tables) + 1
