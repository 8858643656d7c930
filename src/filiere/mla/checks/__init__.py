"""The checker's rules, one module per family of finding; mla.check runs them all."""
