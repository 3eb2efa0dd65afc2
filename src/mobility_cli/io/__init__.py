"""Readers and writers: YAML data files, CSV transcripts and applicant lists, atomic output."""
