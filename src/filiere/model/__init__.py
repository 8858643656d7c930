"""Entity model: followthemoney schemata plus the few field types Filière adds (phone numbers)."""
