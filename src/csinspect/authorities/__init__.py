"""Children's services authorities: the registry (from official files), name variants and resolution."""
