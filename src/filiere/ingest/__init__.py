"""Evidence intake: one parser module per kind, and the pipeline that stores what they read."""
