"""The parts of a drafted request, one module per job; mla.draft puts them together."""
