"""Analysis over the store: judgement history, national distributions, neighbours, profiles."""
