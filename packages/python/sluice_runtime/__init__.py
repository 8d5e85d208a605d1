"""Sluice's Python runtime: the record-step contract, the batch step host, and (later) the PyFlink driver."""
