"""Rendering results for people (terminal tables, text) and scripts (CSV, JSON)."""
