"""Sluice's Python runtime: the record-step contract, the batch step host, and the PyFlink job driver."""
