"""Nestling: an infant and early childhood mental health system of care."""
