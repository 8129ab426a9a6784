"""The long-running components, each built from a Context: mengke.runtime runs them."""
