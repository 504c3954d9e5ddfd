"""Delivery: a written brief reaches its readers (mail)."""
