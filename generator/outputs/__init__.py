"""What Handoff writes from the context: the public site and the sales collateral."""
