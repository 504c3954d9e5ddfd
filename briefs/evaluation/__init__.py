"""Evaluation: zhbrief against its peers (ROUGE on reference summaries)."""
