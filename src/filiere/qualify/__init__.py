"""Qualification assistant: the elements of TIP, SOM and related offences, each tied to the evidence."""
