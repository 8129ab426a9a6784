"""Policy eligibility: rules from policy fields and text, checked against enterprises."""
