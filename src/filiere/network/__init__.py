"""Network analysis: the link chart, who matters, who does what, when and where."""
