from django.db import models


class Generation(models.Model):
    """A counter per source table, bumped by a statement-level trigger on every
    INSERT, UPDATE, DELETE or TRUNCATE of it (migration 0001). Tile cache keys
    and ETags carry the counters of the tables a layer reads, so a committed
    edit makes every older tile of that layer unreachable.

    A trigger rather than calls in services: map edits (spatial.services.editing),
    survey commits (set-based INSERT … SELECT), the admin, load_demo and plain
    SQL all write these tables, and the trigger sees each write in the writer's
    own transaction (a rolled-back edit bumps nothing). It decides nothing about
    the data, so it may stay a trigger when reads move to replicas: the counter
    replicates with the rows it describes."""

    source = models.CharField(max_length=63, primary_key=True)
    generation = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "tile generation"

    def __str__(self):
        return f"{self.source} #{self.generation}"
