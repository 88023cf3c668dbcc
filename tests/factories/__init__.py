"""Factories per app for the foundation's models."""
