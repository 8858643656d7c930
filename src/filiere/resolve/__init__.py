"""Resolution: mentions and records become entities, every merge explained and reversible."""
