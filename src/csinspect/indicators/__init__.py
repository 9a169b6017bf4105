"""The indicator catalogue (YAML data) and the proportion vocabulary."""
