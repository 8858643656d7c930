"""Mutual legal assistance: requests to other States written, checked and tracked from the case."""
