"""Sub-commands of the `claimcheck` CLI, one module per job, imported lazily by claimcheck.cli."""
