"""One router per resource of SPEC 7."""
