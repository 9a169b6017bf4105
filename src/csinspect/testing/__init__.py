"""Tools for testing and demonstrating csinspect: synthetic child-level returns with planted truth."""
